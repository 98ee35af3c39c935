import { type Database, type Queryable, schema } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { and, asc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";
import { balancesAsOf } from "../lib/ledger-rollups";
import { HttpProblem } from "../lib/problem";
import { statementCycle, todayInManila } from "./card-cycle";
import type { AccountDto, CreateAccountInput, UpdateAccountInput } from "./schemas";

const { accounts, transactions, users } = schema;
type AccountRow = typeof accounts.$inferSelect;
type AccountWithOwner = AccountRow & { ownerName: string };

/** A private account exists only for its owner; every query goes through this. */
export const visibleTo = (user: SignedInUser) =>
  and(
    eq(accounts.householdId, user.householdId),
    or(eq(accounts.visibility, "shared"), eq(accounts.ownerId, user.userId)),
  );

const notFound = () => new HttpProblem(404, "Account not found", "There is no such account.");

async function loadAccounts(
  db: Queryable,
  user: SignedInUser,
  opts: { includeArchived?: boolean; id?: string } = {},
): Promise<AccountWithOwner[]> {
  return db
    .select({ account: accounts, ownerName: users.name })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.ownerId))
    .where(
      and(
        visibleTo(user),
        opts.includeArchived || opts.id ? undefined : isNull(accounts.archivedAt),
        opts.id ? eq(accounts.id, opts.id) : undefined,
      ),
    )
    .orderBy(asc(accounts.sortOrder), asc(accounts.createdAt))
    .then((rs) => rs.map((r) => ({ ...r.account, ownerName: r.ownerName })));
}

const isCard = (a: AccountRow) =>
  a.kind === "credit_card" &&
  a.cardLast4 !== null &&
  a.creditLimitCentavos !== null &&
  a.statementDay !== null &&
  a.dueDay !== null;

/** What a card owes and can still spend: balances are signed asset values, so owing is negative. */
function cardPosition(limit: bigint, balance: bigint) {
  const outstanding = balance < 0n ? -balance : 0n;
  const available = limit + balance > 0n ? limit + balance : 0n;
  // a ratio for display: centavo amounts this size are exact as doubles
  const utilization =
    limit > 0n ? Math.min(1, Number(outstanding) / Number(limit)) : outstanding > 0n ? 1 : 0;
  return { outstanding, available, utilization };
}

function toDto(a: AccountWithOwner, balance: bigint, today: string): AccountDto {
  let card: AccountDto["card"] = null;
  if (isCard(a)) {
    const pos = cardPosition(a.creditLimitCentavos!, balance);
    card = {
      last4: a.cardLast4!,
      creditLimitCentavos: a.creditLimitCentavos!.toString(),
      statementDay: a.statementDay!,
      dueDay: a.dueDay!,
      outstandingCentavos: pos.outstanding.toString(),
      availableCreditCentavos: pos.available.toString(),
      utilization: pos.utilization,
      ...statementCycle(a.statementDay!, a.dueDay!, today, a.openingDate),
    };
  }
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    institution: a.institution,
    currency: a.currency,
    // as entered: a card's opening balance is what was owed, positive
    openingBalanceCentavos: (a.kind === "credit_card"
      ? -a.openingBalanceCentavos
      : a.openingBalanceCentavos
    ).toString(),
    openingDate: a.openingDate,
    visibility: a.visibility,
    owner: { id: a.ownerId, name: a.ownerName },
    sortOrder: a.sortOrder,
    color: a.color,
    archivedAt: a.archivedAt?.toISOString() ?? null,
    balanceCentavos: balance.toString(),
    card,
  };
}

async function withBalances(db: Queryable, list: AccountWithOwner[], asOf: string) {
  const balances = new Map(
    (
      await balancesAsOf(
        db,
        list.map((a) => a.id),
        asOf,
      )
    ).map((b) => [b.accountId, b.balanceCentavos]),
  );
  return list.map((a) => ({ account: a, balance: balances.get(a.id) ?? 0n }));
}

/** Net worth counts the accounts still in use: an archived account is closed. */
const netWorth = (list: { account: AccountRow; balance: bigint }[]) =>
  list.filter((x) => x.account.archivedAt === null).reduce((sum, x) => sum + x.balance, 0n);

export async function listAccounts(db: Queryable, user: SignedInUser, includeArchived: boolean) {
  const today = todayInManila();
  const list = await withBalances(db, await loadAccounts(db, user, { includeArchived }), today);
  return {
    items: list.map((x) => toDto(x.account, x.balance, today)),
    netWorthCentavos: netWorth(list).toString(),
  };
}

export async function getAccount(db: Queryable, user: SignedInUser, id: string): Promise<AccountDto> {
  const [account] = await loadAccounts(db, user, { id });
  if (!account) throw notFound();
  const today = todayInManila();
  const [x] = await withBalances(db, [account], today);
  return toDto(account, x!.balance, today);
}

export async function balances(db: Queryable, user: SignedInUser, asOf: string, includeArchived: boolean) {
  const list = await withBalances(db, await loadAccounts(db, user, { includeArchived }), asOf);
  return {
    asOf,
    items: list.map(({ account, balance }) => {
      if (!isCard(account)) return { accountId: account.id, balanceCentavos: balance.toString() };
      const pos = cardPosition(account.creditLimitCentavos!, balance);
      return {
        accountId: account.id,
        balanceCentavos: balance.toString(),
        outstandingCentavos: pos.outstanding.toString(),
        availableCreditCentavos: pos.available.toString(),
      };
    }),
    netWorthCentavos: netWorth(list).toString(),
  };
}

async function checkMember(db: Queryable, user: SignedInUser, ownerId: string) {
  const [member] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, ownerId), eq(users.householdId, user.householdId)));
  if (!member) {
    throw new HttpProblem(400, "Invalid request", "The owner must be a member of your household.", {
      errors: [{ path: "ownerId", message: "Not a member of your household" }],
    });
  }
}

function checkPrivateOwner(user: SignedInUser, visibility: string, ownerId: string) {
  if (visibility === "private" && ownerId !== user.userId) {
    throw new HttpProblem(
      403,
      "Only the owner can make an account private",
      "A private account is visible only to its owner; ask them to make it private.",
    );
  }
}

const accountEvent = (a: AccountRow) => ({
  householdId: a.householdId,
  accountId: a.id,
  kind: a.kind,
  ownerId: a.ownerId,
  visibility: a.visibility,
  name: a.name,
});

/** Stored balances are signed asset values; a card's opening balance is entered as what is owed. */
const storedOpening = (kind: string, entered: bigint) => (kind === "credit_card" ? -entered : entered);

export async function createAccount(db: Database, user: SignedInUser, input: CreateAccountInput) {
  const ownerId = input.ownerId ?? user.userId;
  const visibility = input.visibility ?? "shared";
  if (ownerId !== user.userId) await checkMember(db, user, ownerId);
  checkPrivateOwner(user, visibility, ownerId);
  const id = await db.transaction(async (tx) => {
    const [order] = await tx
      .select({ next: sql<number>`coalesce(max(${accounts.sortOrder}) + 1, 0)::int` })
      .from(accounts)
      .where(eq(accounts.householdId, user.householdId));
    const [row] = await tx
      .insert(accounts)
      .values({
        householdId: user.householdId,
        ownerId,
        name: input.name,
        kind: input.kind,
        institution: input.institution ?? null,
        openingBalanceCentavos: storedOpening(input.kind, input.openingBalance ?? 0n),
        openingDate: input.openingDate ?? todayInManila(),
        visibility,
        sortOrder: order?.next ?? 0,
        color: input.color ?? null,
        cardLast4: input.card?.last4 ?? null,
        creditLimitCentavos: input.card?.creditLimit ?? null,
        statementDay: input.card?.statementDay ?? null,
        dueDay: input.card?.dueDay ?? null,
      })
      .returning();
    await enqueue(tx, {
      type: "ph.fintrack.account.created.v1",
      source: sourceOf("accounts"),
      subject: row!.id,
      data: accountEvent(row!),
    });
    return row!.id;
  });
  return getAccount(db, user, id);
}

async function lockVisible(tx: Queryable, user: SignedInUser, id: string) {
  const [row] = await tx
    .select()
    .from(accounts)
    .where(and(visibleTo(user), eq(accounts.id, id)))
    .for("update");
  if (!row) throw notFound();
  return row;
}

const nameOf = async (db: Queryable, userId: string) =>
  (await db.select({ name: users.name }).from(users).where(eq(users.id, userId)))[0]?.name ??
  "the other member";

/**
 * Who owns an account and who sees it are the owner's to decide (docs/permissions.md): the
 * other member could otherwise hand the account to themself, make it private and so take the
 * owner's entries out of the owner's sight. The account row is locked (FOR UPDATE) by the
 * caller, so no transaction can be recorded into it between the count below and the change.
 */
async function checkOwnershipChange(
  tx: Queryable,
  user: SignedInUser,
  old: AccountRow,
  next: { ownerId: string; visibility: AccountRow["visibility"] },
) {
  const ownerChanges = next.ownerId !== old.ownerId;
  const visibilityChanges = next.visibility !== old.visibility;
  if (!ownerChanges && !visibilityChanges) return;
  if (old.ownerId !== user.userId) {
    const owner = await nameOf(tx, old.ownerId);
    throw new HttpProblem(
      403,
      "Only the account's owner can do this",
      `Only ${owner}, who owns this account, can change who owns it or who can see it.`,
      { type: "https://fintrack.ph/problems/not-the-account-owner" },
    );
  }
  if (ownerChanges) {
    await checkMember(tx, user, next.ownerId);
    if (next.visibility === "private") {
      throw new HttpProblem(
        403,
        "Hand over a shared account only",
        "An account can be handed to the other member only while it is shared: a private one would take your entries out of your sight.",
        { type: "https://fintrack.ph/problems/hand-over-shared-only" },
      );
    }
  }
  if (next.visibility === "private") {
    // theirs on either side: a transfer's hidden side would also lock them out of editing it
    const [others] = await tx
      .select({ createdBy: transactions.createdBy, count: sql<number>`count(*)::int` })
      .from(transactions)
      .where(
        and(
          eq(transactions.householdId, user.householdId),
          or(eq(transactions.accountId, old.id), eq(transactions.toAccountId, old.id)),
          ne(transactions.createdBy, next.ownerId),
          isNull(transactions.deletedAt),
        ),
      )
      .groupBy(transactions.createdBy)
      .limit(1);
    if (others) {
      const who = await nameOf(tx, others.createdBy);
      const n = others.count === 1 ? "1 transaction" : `${others.count} transactions`;
      throw new HttpProblem(
        403,
        "Account holds the other member's transactions",
        `This account holds ${n} ${who} recorded; making it private would hide them from ${who}. Move them to another account (${who} can), then try again.`,
        { type: "https://fintrack.ph/problems/account-holds-others-transactions" },
      );
    }
  }
}

export async function updateAccount(db: Database, user: SignedInUser, id: string, input: UpdateAccountInput) {
  await db.transaction(async (tx) => {
    const old = await lockVisible(tx, user, id);
    const kind = input.kind ?? old.kind;
    const ownerId = input.ownerId ?? old.ownerId;
    const visibility = input.visibility ?? old.visibility;
    await checkOwnershipChange(tx, user, old, { ownerId, visibility });
    const card = {
      last4: input.card?.last4 ?? old.cardLast4,
      creditLimit: input.card?.creditLimit ?? old.creditLimitCentavos,
      statementDay: input.card?.statementDay ?? old.statementDay,
      dueDay: input.card?.dueDay ?? old.dueDay,
    };
    if (kind === "credit_card") {
      const missing = Object.entries(card)
        .filter(([, v]) => v === null)
        .map(([k]) => ({ path: `card.${k}`, message: "Required for a credit card" }));
      if (missing.length) {
        throw new HttpProblem(400, "Invalid request", "A credit card needs its card details.", {
          errors: missing,
        });
      }
    } else if (input.card) {
      throw new HttpProblem(400, "Invalid request", "Only a credit card has card details.", {
        errors: [{ path: "card", message: "Only for a credit card" }],
      });
    }
    const isCardNow = kind === "credit_card";
    const [row] = await tx
      .update(accounts)
      .set({
        name: input.name ?? old.name,
        kind,
        institution: input.institution !== undefined ? input.institution : old.institution,
        openingBalanceCentavos:
          input.openingBalance !== undefined
            ? storedOpening(kind, input.openingBalance)
            : old.openingBalanceCentavos,
        openingDate: input.openingDate ?? old.openingDate,
        visibility,
        ownerId,
        color: input.color !== undefined ? input.color : old.color,
        cardLast4: isCardNow ? card.last4 : null,
        creditLimitCentavos: isCardNow ? card.creditLimit : null,
        statementDay: isCardNow ? card.statementDay : null,
        dueDay: isCardNow ? card.dueDay : null,
        updatedAt: sql`now()`,
      })
      .where(eq(accounts.id, id))
      .returning();
    await enqueue(tx, {
      type: "ph.fintrack.account.updated.v1",
      source: sourceOf("accounts"),
      subject: id,
      data: accountEvent(row!),
    });
  });
  return getAccount(db, user, id);
}

export async function setArchived(db: Database, user: SignedInUser, id: string, archived: boolean) {
  await db.transaction(async (tx) => {
    const old = await lockVisible(tx, user, id);
    if ((old.archivedAt !== null) === archived) return; // already so: nothing to announce
    const [row] = await tx
      .update(accounts)
      .set({ archivedAt: archived ? sql`now()` : null, updatedAt: sql`now()` })
      .where(eq(accounts.id, id))
      .returning();
    await enqueue(tx, {
      type: archived ? "ph.fintrack.account.archived.v1" : "ph.fintrack.account.updated.v1",
      source: sourceOf("accounts"),
      subject: id,
      data: accountEvent(row!),
    });
  });
  return getAccount(db, user, id);
}

/** Puts the given accounts first, in this order; accounts not listed keep their place after them. */
export async function reorder(db: Database, user: SignedInUser, ids: string[]) {
  const unique = [...new Set(ids)];
  await db.transaction(async (tx) => {
    const found = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(visibleTo(user), inArray(accounts.id, unique)));
    if (found.length !== unique.length) {
      const known = new Set(found.map((f) => f.id));
      throw new HttpProblem(400, "Invalid request", "Some accounts do not exist.", {
        errors: unique
          .map((id, i) => ({ id, i }))
          .filter(({ id }) => !known.has(id))
          .map(({ i }) => ({ path: `ids.${i}`, message: "No such account" })),
      });
    }
    const positions = sql.join(
      unique.map((id, i) => sql`(${id}::uuid, ${i}::int)`),
      sql`, `,
    );
    await tx.execute(sql`
      UPDATE accounts a SET sort_order = CASE WHEN p.pos IS NULL THEN ${unique.length} + a.sort_order ELSE p.pos END
      FROM accounts a2 LEFT JOIN (VALUES ${positions}) AS p(id, pos) ON p.id = a2.id
      WHERE a.id = a2.id AND a.household_id = ${user.householdId}::uuid`);
  });
}
