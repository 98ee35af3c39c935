import { type DocumentFileRole, type Queryable, schema } from "@fintrack/db";
import { and, eq } from "drizzle-orm";

/**
 * Where documents' bytes live. Documents writes them; extraction reads them. Today a table
 * (`document_files`, bytea); an object store could stand behind the same four calls.
 */
export interface DocumentStorage {
  put(
    db: Queryable,
    documentId: string,
    role: DocumentFileRole,
    mediaType: string,
    bytes: Uint8Array,
  ): Promise<void>;
  get(db: Queryable, documentId: string, role: DocumentFileRole): Promise<StoredFile | null>;
  has(db: Queryable, documentId: string, role: DocumentFileRole): Promise<boolean>;
  remove(db: Queryable, documentId: string, role?: DocumentFileRole): Promise<void>;
}

export interface StoredFile {
  mediaType: string;
  bytes: Uint8Array;
}

const files = schema.documentFiles;

export const databaseStorage: DocumentStorage = {
  async put(db, documentId, role, mediaType, bytes) {
    await db
      .insert(files)
      .values({ documentId, role, mediaType, bytes })
      .onConflictDoUpdate({ target: [files.documentId, files.role], set: { mediaType, bytes } });
  },
  async get(db, documentId, role) {
    const [row] = await db
      .select({ mediaType: files.mediaType, bytes: files.bytes })
      .from(files)
      .where(and(eq(files.documentId, documentId), eq(files.role, role)));
    return row ? { mediaType: row.mediaType, bytes: new Uint8Array(row.bytes) } : null;
  },
  async has(db, documentId, role) {
    const [row] = await db
      .select({ role: files.role })
      .from(files)
      .where(and(eq(files.documentId, documentId), eq(files.role, role)));
    return row !== undefined;
  },
  async remove(db, documentId, role) {
    await db
      .delete(files)
      .where(
        role ? and(eq(files.documentId, documentId), eq(files.role, role)) : eq(files.documentId, documentId),
      );
  },
};
