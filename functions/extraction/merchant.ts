/** Words that say where or what kind of company, not which merchant. */
const NOISE = new Set([
  "inc",
  "corp",
  "corporation",
  "co",
  "company",
  "ltd",
  "branch",
  "store",
  "ph",
  "phl",
  "phils",
  "philippines",
  "the",
  "city",
  "manila",
  "makati",
  "pasig",
  "taguig",
  "quezon",
  "qc",
  "cebu",
  "davao",
  "mandaluyong",
  "bgc",
  "www",
  "com",
]);

/**
 * A merchant name reduced to what stays the same between visits and between a receipt and a
 * statement line: "JOLLIBEE #1234 MAKATI CITY" and "Jollibee - Ayala" both start "jollibee".
 * Store numbers, branch words and cities are dropped; at most three words are kept.
 */
export function normaliseMerchant(name: string | null | undefined): string {
  if (!name) return "";
  const words = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .split(" ")
    .filter((w) => w.length > 0 && !/\d/.test(w) && !NOISE.has(w));
  return words.slice(0, 3).join(" ");
}

/** Same merchant as far as a duplicate check can tell: equal, or one name starts the other. */
export function similarMerchant(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = normaliseMerchant(a);
  const y = normaliseMerchant(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const first = (s: string) => s.split(" ")[0]!;
  return x.startsWith(y) || y.startsWith(x) || (first(x).length >= 4 && first(x) === first(y));
}
