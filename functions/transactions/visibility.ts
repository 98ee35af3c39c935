import { type Queryable, schema } from "@fintrack/db";
import { and, eq, or } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";

const { accounts } = schema;

export interface VisibleAccount {
  id: string;
  name: string;
  kind: (typeof accounts.$inferSelect)["kind"];
  archivedAt: Date | null;
}

/**
 * The household's accounts this member can see: shared ones and their own private ones. A
 * private account and its transactions do not exist for the other member.
 */
export async function visibleAccounts(
  db: Queryable,
  user: SignedInUser,
): Promise<Map<string, VisibleAccount>> {
  const list = await db
    .select({ id: accounts.id, name: accounts.name, kind: accounts.kind, archivedAt: accounts.archivedAt })
    .from(accounts)
    .where(
      and(
        eq(accounts.householdId, user.householdId),
        or(eq(accounts.visibility, "shared"), eq(accounts.ownerId, user.userId)),
      ),
    );
  return new Map(list.map((a) => [a.id, a]));
}

/** How the other member sees the invisible side of a transfer. */
export const HIDDEN_ACCOUNT = { id: null, name: "Private account", kind: null } as const;
