/**
 * Card numbers never leave the homelab whole: before a statement's text goes to an AI provider,
 * every card-like number keeps only its last 4 digits. "Card-like" is 13–19 digits written as
 * one run or in a card's grouping (4-4-4-4, 4-4-4-4-3, 4-6-5, 4-6-4); a single run must also pass
 * the Luhn check, so reference and account numbers printed as one long run are kept, while a
 * grouped number is masked even when its check digit is off (statements print test-looking
 * numbers, and a false mask costs nothing). Dates (4-2-2) and amounts (commas, dots) never match.
 */
const GROUP_RUN = /(?<![\dA-Za-z])\d+(?:[ -]\d+)*(?![\dA-Za-z])/g;
const CARD_GROUPINGS = [
  "4,4,4,4",
  "4,4,4,4,3",
  "4,4,4,4,2",
  "4,4,4,4,1",
  "4,4,4,3",
  "4,4,4,1",
  "4,6,5",
  "4,6,4",
];

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function cardLike(groups: string[]): boolean {
  const digits = groups.join("");
  if (digits.length < 13 || digits.length > 19) return false;
  if (groups.length === 1) return luhnValid(digits);
  return CARD_GROUPINGS.includes(groups.map((g) => g.length).join(","));
}

export const maskedCard = (last4: string) => `**** **** **** ${last4}`;

/** The text with every card-like number replaced by `**** **** **** 1234` (its last 4 digits). */
export function maskCardNumbers(text: string): string {
  return text.replace(GROUP_RUN, (run) => {
    // A run may hold a card number followed by other digits ("4111 1111 1111 1111 12"): find
    // card-like windows of whole groups, longest first, and keep the separators around them.
    const parts = run.split(/([ -])/);
    const groups = parts.filter((_, i) => i % 2 === 0);
    const out: string[] = [];
    let i = 0;
    while (i < groups.length) {
      // a Luhn-valid 4-4-4-4 wins over a longer window that swallows the next number's digits
      let end =
        i + 4 <= groups.length &&
        cardLike(groups.slice(i, i + 4)) &&
        luhnValid(groups.slice(i, i + 4).join(""))
          ? i + 4
          : -1;
      for (let j = Math.min(groups.length, i + 5); end < 0 && j > i; j--) {
        if (cardLike(groups.slice(i, j))) end = j;
      }
      if (end < 0) {
        out.push(groups[i]!, parts[2 * i + 1] ?? "");
        i++;
        continue;
      }
      out.push(maskedCard(groups.slice(i, end).join("").slice(-4)), parts[2 * end - 1] ?? "");
      i = end;
    }
    return out.join("");
  });
}
