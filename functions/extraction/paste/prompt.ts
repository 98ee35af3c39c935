import { answerJsonSchema } from "./answer-schema";

export interface PromptContext {
  kind: "receipt" | "statement";
  categories: { name: string; kind: "expense" | "income" }[];
  accounts: { name: string; kind: string; cardLast4: string | null }[];
}

const RULES = {
  receipt: [
    'Read the receipt photo I attach. Answer with kind "receipt".',
    "receipt.merchant is the store's trade name (the big name at the top), not the operator company, not a TIN/BIR/VAT REG/MIN/SN line, not the address.",
    "receipt.total is the amount paid: TOTAL, AMOUNT DUE or TOTAL SALES (after discounts, VAT included). Never the VATable sales, VAT amount, VAT-exempt sales, cash tendered or change.",
    "Give one line per receipt (the total) unless I ask for items; its date is the receipt's date.",
  ],
  statement: [
    'Read the credit card statement I attach or paste. Answer with kind "statement".',
    "statement: the card's last 4 digits, statement date, payment due date, total amount due, minimum amount due, previous balance, payments/credits, credit limit, and the statement period.",
    "One line per transaction row, every page, in statement order. Skip subtotal, balance and summary rows.",
    'direction "debit" for purchases, fees, interest, installments and cash advances; "credit" for payments (kind "payment"), refunds (kind "refund") and reversals (kind "reversal").',
    "A foreign-currency charge: amount is the peso amount billed; foreignCurrency (e.g. USD) and foreignAmount keep what was charged abroad.",
    'An installment line like "3/12": installment {"number":3,"of":12}, kind "installment"; its amount is what this statement bills (the monthly instalment).',
    'When the statement prints the plan\'s whole amount for an installment line (e.g. "TOTAL 35,988.00" or "PLAN AMT 35,988.00"), put it in installment.planTotal ("35988.00"); otherwise null. Never put the monthly amount there.',
  ],
};

/**
 * The prompt a member pastes into their own AI chat with the receipt photo or statement: the
 * answer's JSON Schema, the household's categories and accounts, the rules, and peso formatting.
 */
export function buildPrompt(ctx: PromptContext): string {
  const expense = ctx.categories.filter((c) => c.kind === "expense").map((c) => c.name);
  const income = ctx.categories.filter((c) => c.kind === "income").map((c) => c.name);
  const accounts = ctx.accounts.map(
    (a) => `- ${a.name} (${a.kind.replace("_", " ")}${a.cardLast4 ? `, card ending ${a.cardLast4}` : ""})`,
  );
  return [
    "You are helping me record my spending in FinTrack, a Philippine personal finance app.",
    ...RULES[ctx.kind].map((r) => `- ${r}`),
    "",
    "Formatting:",
    '- Amounts are Philippine pesos as a string with two decimals and no symbol or commas: ₱1,234.50 → "1234.50". Always positive; direction says which way.',
    "- Dates are YYYY-MM-DD. Philippine receipts write numeric dates month first (01/05/2026 is January 5, 2026).",
    "- category: pick the closest of my categories below, or null.",
    "- Answer with ONE JSON object only, matching this JSON Schema, with no comments:",
    "",
    JSON.stringify(answerJsonSchema(), null, 2),
    "",
    `My expense categories: ${expense.join(", ") || "(none)"}`,
    `My income categories: ${income.join(", ") || "(none)"}`,
    "My accounts:",
    ...(accounts.length ? accounts : ["- (none yet)"]),
  ].join("\n");
}
