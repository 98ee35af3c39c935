/** "GCash", "gcash" and " G Cash " are one name: matching ignores case and spaces. */
export const nameKey = (name: string) => name.toLowerCase().replace(/\s+/g, "");

/** Stands for "a name nobody answered for" in drafts that are only previewed (the commit refuses them). */
export const UNANSWERED = "ffffffff-ffff-4fff-bfff-ffffffffffff";
