import { type Queryable, schema } from "@fintrack/db";
import { and, eq, or } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";
import { HttpProblem } from "../lib/problem";

const { accounts, users } = schema;

export interface VisibleAccount {
  id: string;
  name: string;
  kind: (typeof accounts.$inferSelect)["kind"];
  archivedAt: Date | null;
  visibility: (typeof accounts.$inferSelect)["visibility"];
  ownerId: string;
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
    .select(visibleAccountColumns)
    .from(accounts)
    .where(and(eq(accounts.householdId, user.householdId), seenByMember(user)));
  return new Map(list.map((a) => [a.id, a]));
}

export const visibleAccountColumns = {
  id: accounts.id,
  name: accounts.name,
  kind: accounts.kind,
  archivedAt: accounts.archivedAt,
  visibility: accounts.visibility,
  ownerId: accounts.ownerId,
};

export const seenByMember = (user: SignedInUser) =>
  or(eq(accounts.visibility, "shared"), eq(accounts.ownerId, user.userId));

/** One recorded entry that a change puts somewhere: the transaction, or a transfer's fee. */
export interface PlacedPart {
  createdBy: string;
  /** How the refusal names it: "this entry", "its fee". */
  what: string;
  /** The accounts it will be in (a fee is in its transfer's source account). */
  accountIds: (string | null)[];
}

/**
 * The placement rule (docs/permissions.md): a private account holds only its owner's own
 * entries. Its owner is the only member who sees it, so an entry the other member recorded
 * would vanish from their sight; refusing that keeps every entry visible to whoever recorded
 * it. Checked on the result of a change, so moving an entry out of a private account is
 * always possible.
 */
export async function checkPlacement(
  db: Queryable,
  user: SignedInUser,
  accountsById: Map<string, VisibleAccount>,
  parts: PlacedPart[],
) {
  const stranger = parts.find(
    (p) =>
      p.createdBy !== user.userId &&
      p.accountIds.some((id) => id !== null && accountsById.get(id)?.visibility === "private"),
  );
  if (!stranger) return;
  const [creator] = await db.select({ name: users.name }).from(users).where(eq(users.id, stranger.createdBy));
  const name = creator?.name ?? "the other member";
  throw new HttpProblem(
    403,
    "Not your transaction",
    `Only the member who recorded an entry can put it in a private account, where nobody else sees it; ${stranger.what} was recorded by ${name}.`,
    { type: "https://fintrack.ph/problems/not-your-transaction" },
  );
}

/** How the other member sees the invisible side of a transfer. */
export const HIDDEN_ACCOUNT = { id: null, name: "Private account", kind: null } as const;
