import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";

/**
 * Which process runs an import is a lease on its batch row: `lease_owner` is the process's id,
 * `heartbeat_at` the last time it said it was alive. The owner renews it every
 * HEARTBEAT_MS and writes a chunk only after checking, in the chunk's own transaction, that it
 * still holds the lease — so a process that was paused past its lease and lost the import to
 * another can never write into it again. A lease not renewed for LEASE_SECONDS belongs to a
 * process that died: any process running the imports function takes the batch over.
 */
export const LEASE_SECONDS = 30;
export const HEARTBEAT_MS = 5_000;

/** This process's identity as a lease holder (one per running imports function). */
export const newLeaseOwner = () => randomUUID();

/** Thrown inside a chunk when another process has taken the import over: stop, write nothing. */
export class LeaseLost extends Error {
  constructor(batchId: string) {
    super(`lease on import ${batchId} lost`);
  }
}

/**
 * Chunks and undo of one household's imports run one at a time: an undo must see every match
 * a concurrent import recorded, and an import must not skip a row as a duplicate while an undo
 * is deleting it (ON CONFLICT DO NOTHING takes no lock on the row it matched).
 */
export const lockHouseholdImports = (householdId: string) =>
  sql`SELECT pg_advisory_xact_lock(hashtext('fintrack.imports:' || ${householdId}::text))`;
