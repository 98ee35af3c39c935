import { describe, expect, it } from "vitest";
import { luhnValid, maskCardNumbers } from "./mask";

describe("maskCardNumbers", () => {
  it("keeps only the last 4 digits of grouped and unbroken card numbers", () => {
    expect(maskCardNumbers("Card 4579 2429 6749 1234 due")).toBe("Card **** **** **** 1234 due");
    expect(maskCardNumbers("5896-1535-9648-5678")).toBe("**** **** **** 5678");
    expect(maskCardNumbers("Amex 3714 496353 98431")).toBe("Amex **** **** **** 8431");
    // a Luhn-valid unbroken number is a card
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(maskCardNumbers("no.4111111111111111.")).toBe("no.**** **** **** 1111.");
  });

  it("masks a card number followed by other digits on the same run", () => {
    expect(maskCardNumbers("4111 1111 1111 1111 12/05 1,234.50")).toBe("**** **** **** 1111 12/05 1,234.50");
  });

  it("keeps dates, amounts, reference numbers and already-masked cards", () => {
    const keep = [
      "2026-01-05 2026-01-07 JOLLIBEE 1,234.50",
      "REF 1234567890123456", // unbroken and not Luhn-valid: a reference number
      "4579 **** **** 1234",
      "XXXX-XXXX-XXXX-1234",
      "Minimum due 1,500.00 Total 45,678.90",
      "Phone 0917 123 4567",
    ];
    for (const text of keep) expect(maskCardNumbers(text)).toBe(text);
    expect(luhnValid("1234567890123456")).toBe(false);
  });
});
