import { type Database, schema } from "@fintrack/db";
import { and, eq, isNull, or } from "drizzle-orm";
import { databaseStorage } from "../../lib/document-storage";
import type { TextLayer } from "../pdf/text-layer";
import { liveCategories } from "../suggest";
import { maskCardNumbers } from "./mask";
import type { AiRequest } from "./provider";

export interface RequestDoc {
  id: string;
  householdId: string;
  uploadedBy: string;
  kind: "receipt" | "statement";
  mediaType: string;
}

/** A text layer as lines of text, top to bottom and left to right, page by page. */
export function textOf(layer: TextLayer): string {
  return layer.pages
    .map((page) => {
      const lines = new Map<number, { x: number; str: string }[]>();
      for (const item of page.items) {
        const y = Math.round(item.y);
        lines.set(y, [...(lines.get(y) ?? []), { x: item.x, str: item.str }]);
      }
      return [...lines.entries()]
        .sort(([a], [b]) => a - b)
        .map(([, items]) =>
          items
            .sort((a, b) => a.x - b.x)
            .map((i) => i.str)
            .join(" "),
        )
        .join("\n");
    })
    .join("\n\f\n");
}

/**
 * Exactly what is sent to a provider (the privacy panel describes this): a receipt's photo, or
 * a statement's text with card numbers masked to the last 4 digits; the household's category
 * names and the names of the accounts the uploader can see (a partner's upload never names
 * the owner's private accounts). Never a password, a key, an email or a member's name.
 */
export async function buildAiRequest(db: Database, doc: RequestDoc): Promise<Omit<AiRequest, "signal">> {
  const a = schema.accounts;
  const [categories, accounts] = await Promise.all([
    liveCategories(db, doc.householdId),
    db
      .select({ name: a.name, kind: a.kind, cardLast4: a.cardLast4 })
      .from(a)
      .where(
        and(
          eq(a.householdId, doc.householdId),
          isNull(a.archivedAt),
          or(eq(a.visibility, "shared"), eq(a.ownerId, doc.uploadedBy)),
        ),
      )
      .orderBy(a.sortOrder, a.name),
  ]);
  const context = {
    kind: doc.kind,
    categories: categories.map((c) => ({ name: c.name, kind: c.kind })),
    accounts,
  };
  if (doc.kind === "receipt") {
    const file = await databaseStorage.get(db, doc.id, "original");
    return {
      kind: "receipt",
      image: file ? { bytes: file.bytes, mediaType: file.mediaType } : undefined,
      context,
    };
  }
  const file = await databaseStorage.get(db, doc.id, "text_layer");
  const layer = file ? (JSON.parse(new TextDecoder().decode(file.bytes)) as TextLayer) : null;
  return { kind: "statement", text: layer ? maskCardNumbers(textOf(layer)) : undefined, context };
}
