/** "GCash", "gcash" and " G Cash " are one name: matching ignores case and spaces. */
export const nameKey = (name: string) => name.toLowerCase().replace(/\s+/g, "");
