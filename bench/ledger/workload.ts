/**
 * A Filipino household's ledger, made up deterministically: twelve accounts (banks, e-wallets,
 * cash, credit cards), five years of expenses, incomes and transfers with the default
 * categories and the merchants people actually pay. Same seed, same ledger.
 */

export type AccountKind = "bank" | "ewallet" | "cash" | "credit_card";
export type Member = "owner" | "partner";

export interface AccountPlan {
  key: string;
  name: string;
  kind: AccountKind;
  institution?: string;
  owner: Member;
  visibility?: "shared" | "private";
  /** Pesos, as the API takes them; for a card, what was owed. */
  openingBalance?: string;
  card?: { last4: string; creditLimit: string; statementDay: number; dueDay: number };
}

export const ACCOUNTS: AccountPlan[] = [
  {
    key: "bpi",
    name: "BPI Savings",
    kind: "bank",
    institution: "BPI",
    owner: "owner",
    openingBalance: "152,400.00",
  },
  {
    key: "bdo",
    name: "BDO Checking",
    kind: "bank",
    institution: "BDO",
    owner: "owner",
    openingBalance: "61,250.75",
  },
  {
    key: "ub",
    name: "UnionBank Savings",
    kind: "bank",
    institution: "UnionBank",
    owner: "partner",
    openingBalance: "98,000",
  },
  {
    key: "mari",
    name: "MariBank",
    kind: "bank",
    institution: "MariBank",
    owner: "partner",
    openingBalance: "25,000",
  },
  {
    key: "gcash",
    name: "GCash",
    kind: "ewallet",
    institution: "GCash",
    owner: "owner",
    openingBalance: "3,500",
  },
  {
    key: "maya",
    name: "Maya",
    kind: "ewallet",
    institution: "Maya",
    owner: "partner",
    openingBalance: "1,200",
  },
  { key: "grab", name: "GrabPay", kind: "ewallet", institution: "Grab", owner: "owner" },
  { key: "cashA", name: "Cash (Ana)", kind: "cash", owner: "owner", openingBalance: "2,000" },
  {
    key: "cashB",
    name: "Cash (Ben)",
    kind: "cash",
    owner: "partner",
    visibility: "private",
    openingBalance: "1,500",
  },
  {
    key: "bpiVisa",
    name: "BPI Visa Signature",
    kind: "credit_card",
    institution: "BPI",
    owner: "owner",
    openingBalance: "12,480.50",
    card: { last4: "4417", creditLimit: "150,000", statementDay: 18, dueDay: 8 },
  },
  {
    key: "bdoMc",
    name: "BDO Mastercard",
    kind: "credit_card",
    institution: "BDO",
    owner: "owner",
    card: { last4: "5521", creditLimit: "80,000", statementDay: 5, dueDay: 25 },
  },
  {
    key: "rcbc",
    name: "RCBC Flex Visa",
    kind: "credit_card",
    institution: "RCBC",
    owner: "partner",
    card: { last4: "4893", creditLimit: "60,000", statementDay: 25, dueDay: 15 },
  },
];

const ownerOf = new Map(ACCOUNTS.map((a) => [a.key, a.owner]));

export interface GeneratedTransaction {
  type: "income" | "expense" | "transfer";
  date: string;
  amountCentavos: bigint;
  account: string; // ACCOUNTS key
  toAccount: string | null;
  category: string | null; // category name (kind follows the type)
  splits: { category: string; amountCentavos: bigint }[];
  merchant: string | null;
  notes: string | null;
  tags: string[];
  createdBy: Member;
}

/** mulberry32: small, fast, good enough to make up a ledger. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r <= 0) return item;
    }
    return items[items.length - 1]![0];
  };
  return { next, pick, weighted };
}
type Rng = ReturnType<typeof prng>;

interface ExpenseKind {
  merchants: string[];
  /** Pesos, drawn log-uniformly. */
  min: number;
  max: number;
  weight: number;
  accounts: readonly (readonly [string, number])[];
}

const everyday = [
  ["gcash", 5],
  ["maya", 3],
  ["grab", 1],
  ["cashA", 5],
  ["cashB", 3],
  ["bpiVisa", 3],
  ["bdoMc", 2],
  ["rcbc", 2],
] as const;
const bills = [
  ["bpi", 3],
  ["bdo", 4],
  ["ub", 2],
  ["gcash", 2],
  ["bpiVisa", 2],
] as const;
const cards = [
  ["bpiVisa", 4],
  ["bdoMc", 3],
  ["rcbc", 3],
  ["gcash", 1],
  ["maya", 1],
] as const;

export const EXPENSES: Record<string, ExpenseKind> = {
  "Food & Dining": {
    merchants: [
      "Jollibee",
      "McDonald's",
      "Mang Inasal",
      "Chowking",
      "Starbucks",
      "GrabFood",
      "foodpanda",
      "Max's Restaurant",
      "Army Navy",
      "Tim Hortons",
      "Kuya J",
      "Greenwich",
    ],
    min: 60,
    max: 2500,
    weight: 28,
    accounts: everyday,
  },
  Groceries: {
    merchants: [
      "SM Supermarket",
      "Puregold",
      "Robinsons Supermarket",
      "S&R Membership Shopping",
      "Landers",
      "Rustan's",
      "Alfamart",
      "7-Eleven",
      "Palengke",
    ],
    min: 80,
    max: 9000,
    weight: 16,
    accounts: [...everyday, ["bpi", 1]],
  },
  Transportation: {
    merchants: [
      "Grab",
      "Angkas",
      "JoyRide",
      "Shell",
      "Petron",
      "Caltex",
      "Beep card load",
      "Autosweep RFID",
      "Easytrip RFID",
      "LRT/MRT",
    ],
    min: 15,
    max: 3500,
    weight: 18,
    accounts: [
      ["gcash", 4],
      ["grab", 3],
      ["cashA", 3],
      ["cashB", 3],
      ["bpiVisa", 2],
      ["rcbc", 1],
    ],
  },
  Utilities: {
    merchants: [
      "Meralco",
      "Maynilad",
      "Manila Water",
      "PLDT Home Fiber",
      "Globe At Home",
      "Converge",
      "Smart Postpaid",
    ],
    min: 500,
    max: 9500,
    weight: 4,
    accounts: bills,
  },
  Rent: {
    merchants: ["Condo rent (Mrs. Santos)"],
    min: 18000,
    max: 25000,
    weight: 1.5,
    accounts: [["bdo", 1]],
  },
  Shopping: {
    merchants: [
      "Shopee",
      "Lazada",
      "Uniqlo",
      "SM Store",
      "Ace Hardware",
      "Miniso",
      "Zalora",
      "Decathlon",
      "Power Mac Center",
    ],
    min: 150,
    max: 25000,
    weight: 9,
    accounts: cards,
  },
  Health: {
    merchants: [
      "Mercury Drug",
      "Watsons",
      "The Generics Pharmacy",
      "St. Luke's Medical Center",
      "Hi-Precision Diagnostics",
      "Dental clinic",
    ],
    min: 100,
    max: 15000,
    weight: 3,
    accounts: [...cards, ["cashA", 2]],
  },
  Education: {
    merchants: ["National Book Store", "Fully Booked", "Coursera", "Tuition"],
    min: 200,
    max: 45000,
    weight: 1.5,
    accounts: bills,
  },
  Entertainment: {
    merchants: ["SM Cinema", "Ayala Malls Cinemas", "Timezone", "Steam", "Ticketnet"],
    min: 150,
    max: 6000,
    weight: 4,
    accounts: cards,
  },
  Travel: {
    merchants: ["Cebu Pacific", "Philippine Airlines", "AirAsia", "Agoda", "Airbnb", "Klook", "2GO Travel"],
    min: 1500,
    max: 60000,
    weight: 1.5,
    accounts: cards,
  },
  Fees: {
    merchants: ["InstaPay fee", "ATM withdrawal fee", "Annual card fee", "PESONet fee"],
    min: 10,
    max: 4000,
    weight: 1,
    accounts: [...bills, ["bdoMc", 1]],
  },
  Gifts: {
    merchants: ["Birthday gift", "Wedding gift", "Pamasko", "Ninang duties"],
    min: 300,
    max: 10000,
    weight: 2,
    accounts: [...everyday, ["bpi", 2]],
  },
  "Personal Care": {
    merchants: ["Bench", "Barbershop", "Salon de Manila", "Nail spa", "Watsons"],
    min: 100,
    max: 4000,
    weight: 3,
    accounts: everyday,
  },
  Subscriptions: {
    merchants: ["Netflix", "Spotify", "YouTube Premium", "iCloud+", "Disney+", "Viu", "ChatGPT Plus"],
    min: 149,
    max: 1200,
    weight: 3,
    accounts: cards,
  },
  Insurance: {
    merchants: ["Sun Life", "AXA Philippines", "Pru Life UK", "PhilHealth", "SSS"],
    min: 500,
    max: 15000,
    weight: 0.5,
    accounts: bills,
  },
  Others: {
    merchants: ["Sari-sari store", "Church offering", "Laundry shop", "Parking"],
    min: 20,
    max: 2000,
    weight: 2,
    accounts: everyday,
  },
};

export const EXPENSE_CATEGORIES = Object.keys(EXPENSES);
export const INCOME_CATEGORIES = ["Salary", "Freelance", "Business", "Interest", "Gifts Received", "Refunds"];

const INCOMES = [
  ["Salary", 40],
  ["Freelance", 15],
  ["Interest", 20],
  ["Refunds", 12],
  ["Gifts Received", 5],
  ["Business", 8],
] as const;

const TRANSFERS: readonly (readonly [readonly [string, string], number])[] = [
  // card payments: a transfer, never an expense (the expense was the swipe)
  [["bpi", "bpiVisa"], 10],
  [["bdo", "bdoMc"], 8],
  [["ub", "rcbc"], 8],
  // e-wallet top-ups
  [["bpi", "gcash"], 14],
  [["ub", "maya"], 10],
  [["gcash", "grab"], 5],
  // ATM withdrawals
  [["bpi", "cashA"], 10],
  [["ub", "cashB"], 9],
  // between banks
  [["bpi", "bdo"], 4],
  [["ub", "mari"], 4],
  [["mari", "ub"], 2],
];

const NOTES = [
  "with Ben",
  "office lunch",
  "for Lola",
  "birthday",
  "team outing",
  "split with friends",
  "promo",
  "reimbursable from work",
];

function pesosToCentavos(rng: Rng, min: number, max: number): bigint {
  const pesos = Math.exp(Math.log(min) + rng.next() * (Math.log(max) - Math.log(min)));
  // cashier prices: about half are whole pesos
  const centavos = rng.next() < 0.5 ? Math.round(pesos) * 100 : Math.round(pesos * 100);
  return BigInt(Math.max(100, centavos));
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (date: string, days: number) =>
  iso(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));
export const monthsBefore = (date: string, months: number) => {
  const d = new Date(Date.parse(`${date.slice(0, 7)}-01T00:00:00Z`));
  d.setUTCMonth(d.getUTCMonth() - months);
  return iso(d).slice(0, 7);
};

/** `count` transactions between `from` and `to` (inclusive), in date order. */
export function generateLedger(
  count: number,
  from: string,
  to: string,
  seed = 20261125,
): GeneratedTransaction[] {
  const rng = prng(seed);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  const out: GeneratedTransaction[] = [];
  const expenseKinds = Object.entries(EXPENSES).map(([name, k]) => [name, k.weight] as const);
  for (let i = 0; i < count; i++) {
    const date = addDays(from, Math.floor(rng.next() * days));
    const roll = rng.next();
    if (roll < 0.06) {
      const category = rng.weighted(INCOMES);
      let account: string;
      let amount: bigint;
      let merchant: string;
      switch (category) {
        case "Salary":
          account = rng.next() < 0.5 ? "bpi" : "ub";
          amount = pesosToCentavos(rng, 32000, 68000);
          merchant = account === "bpi" ? "Accenture Payroll" : "Metro Hospital Payroll";
          break;
        case "Interest":
          account = rng.pick(["bpi", "bdo", "ub", "mari"]);
          amount = pesosToCentavos(rng, 2, 900);
          merchant = "Interest earned";
          break;
        case "Refunds":
          account = rng.pick(["bpiVisa", "bdoMc", "rcbc", "gcash"]);
          amount = pesosToCentavos(rng, 100, 5000);
          merchant = rng.pick(["Shopee refund", "Lazada refund", "Cebu Pacific refund"]);
          break;
        case "Freelance":
          account = rng.pick(["gcash", "maya", "bpi"]);
          amount = pesosToCentavos(rng, 3000, 40000);
          merchant = rng.pick(["Upwork", "OnlineJobs.ph client", "Fiverr"]);
          break;
        case "Business":
          account = "bdo";
          amount = pesosToCentavos(rng, 1000, 30000);
          merchant = "Online store sales";
          break;
        default:
          account = rng.pick(["cashA", "cashB", "gcash"]);
          amount = pesosToCentavos(rng, 500, 10000);
          merchant = rng.pick(["Tita Rose", "Ninong Jun", "Lola"]);
      }
      out.push({
        type: "income",
        date,
        amountCentavos: amount,
        account,
        toAccount: null,
        category,
        splits: [],
        merchant,
        notes: null,
        tags: [],
        createdBy: ownerOf.get(account)!,
      });
    } else if (roll < 0.18) {
      const [account, toAccount] = rng.weighted(TRANSFERS);
      const amount =
        toAccount === "bpiVisa" || toAccount === "bdoMc" || toAccount === "rcbc"
          ? pesosToCentavos(rng, 2000, 60000)
          : pesosToCentavos(rng, 500, 20000);
      out.push({
        type: "transfer",
        date,
        amountCentavos: amount,
        account,
        toAccount,
        category: null,
        splits: [],
        merchant: null,
        notes: toAccount.startsWith("cash") ? "ATM withdrawal" : null,
        tags: [],
        createdBy: ownerOf.get(account)!,
      });
    } else {
      const category = rng.weighted(expenseKinds);
      const kind = EXPENSES[category]!;
      const account = rng.weighted(kind.accounts);
      const amount = pesosToCentavos(rng, kind.min, kind.max);
      const merchant = rng.pick(kind.merchants);
      // a supermarket run that is part groceries, part personal care
      const split = category === "Groceries" && amount >= 1000n && rng.next() < 0.1;
      const personal = split ? (amount * BigInt(10 + Math.floor(rng.next() * 30))) / 100n : 0n;
      const tags: string[] = [];
      if (category === "Travel") tags.push(`trip-${date.slice(0, 4)}`);
      if (rng.next() < 0.03) tags.push("reimbursable");
      out.push({
        type: "expense",
        date,
        amountCentavos: amount,
        account,
        toAccount: null,
        category: split ? null : category,
        splits: split
          ? [
              { category: "Groceries", amountCentavos: amount - personal },
              { category: "Personal Care", amountCentavos: personal },
            ]
          : [],
        merchant,
        notes: rng.next() < 0.08 ? rng.pick(NOTES) : null,
        tags,
        createdBy: ownerOf.get(account)!,
      });
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The side-by-side workload: one bank account, expenses and incomes only (what both apps import). */
export function singleAccountLedger(count: number, from: string, to: string, seed = 777) {
  const rng = prng(seed);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  const expenseKinds = Object.entries(EXPENSES).map(([name, k]) => [name, k.weight] as const);
  const out: {
    type: "income" | "expense";
    date: string;
    amountCentavos: number;
    merchant: string;
    category: string;
    notes: string | null;
  }[] = [];
  for (let i = 0; i < count; i++) {
    const date = addDays(from, Math.floor(rng.next() * days));
    if (rng.next() < 0.08) {
      const category = rng.weighted(INCOMES);
      out.push({
        type: "income",
        date,
        amountCentavos: Number(pesosToCentavos(rng, 500, 60000)),
        merchant:
          category === "Salary"
            ? "Accenture Payroll"
            : rng.pick(["Upwork", "Shopee refund", "Interest earned"]),
        category,
        notes: null,
      });
    } else {
      const category = rng.weighted(expenseKinds);
      const kind = EXPENSES[category]!;
      out.push({
        type: "expense",
        date,
        amountCentavos: Number(pesosToCentavos(rng, kind.min, kind.max)),
        merchant: rng.pick(kind.merchants),
        category,
        notes: rng.next() < 0.08 ? rng.pick(NOTES) : null,
      });
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const pesos = (c: bigint | number) => {
  const v = BigInt(c);
  return `${v / 100n}.${(v % 100n).toString().padStart(2, "0")}`;
};

/** A bank-export-like CSV (Date, Type, Amount, Category, Merchant, Notes) of single-account rows. */
export function toCsv(
  rows: {
    type: string;
    date: string;
    amountCentavos: bigint | number;
    merchant: string | null;
    category: string | null;
    notes: string | null;
  }[],
): string {
  const lines = ["Date,Type,Amount,Category,Merchant,Notes"];
  for (const r of rows) {
    lines.push(
      [r.date, r.type, pesos(r.amountCentavos), r.category ?? "", r.merchant ?? "", r.notes ?? ""]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

export const CSV_MAPPING = {
  date: "Date",
  type: "Type",
  amount: "Amount",
  category: "Category",
  merchant: "Merchant",
  notes: "Notes",
};
