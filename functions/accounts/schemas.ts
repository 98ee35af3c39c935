import { z } from "@hono/zod-openapi";
import { Centavos, PositiveAmount, SignedAmount } from "../lib/money";

export const AccountKind = z.enum(["bank", "ewallet", "cash", "credit_card"]);
export const Visibility = z.enum(["shared", "private"]);
/** A calendar date; years outside 1900–2999 are typos (and year 0 is no date PostgreSQL knows). */
export const IsoDate = z.iso
  .date("Use a YYYY-MM-DD date")
  .refine((d) => d >= "1900-01-01" && d <= "2999-12-31", "Use a date between 1900 and 2999")
  .openapi({ example: "2026-11-25" });

/** Text a member typed; PostgreSQL text cannot hold a NUL character, so it is refused here. */
const UserText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes("\u0000"), "Remove the invalid character");

const Day = z.number().int().min(1, "Use a day from 1 to 31").max(31, "Use a day from 1 to 31");

export const CardInput = z.object({
  last4: z.string().regex(/^\d{4}$/, "Enter the card's last 4 digits"),
  creditLimit: PositiveAmount,
  statementDay: Day,
  dueDay: Day,
});

const AccountFields = {
  name: UserText(80).min(1, "Enter a name"),
  kind: AccountKind,
  institution: UserText(80).nullable().optional().openapi({ example: "GCash" }),
  /** For a card: the amount owed, entered positive. */
  openingBalance: SignedAmount.optional(),
  openingDate: IsoDate.optional(),
  visibility: Visibility.optional(),
  color: UserText(30).nullable().optional(),
  /** The member who owns the account; the creator when omitted. */
  ownerId: z.uuid().optional(),
};

export const CreateAccountBody = z
  .object({ ...AccountFields, card: CardInput.optional() })
  .refine((b) => (b.kind === "credit_card") === (b.card !== undefined), {
    message: "card is required for a credit card and only for one",
    path: ["card"],
  })
  .openapi("CreateAccountBody");

export const UpdateAccountBody = z
  .object({
    ...AccountFields,
    name: AccountFields.name.optional(),
    kind: AccountKind.optional(),
    card: CardInput.partial().optional(),
  })
  .openapi("UpdateAccountBody");

export const ReorderBody = z
  .object({ ids: z.array(z.uuid()).min(1).max(500) })
  .openapi("ReorderAccountsBody");

export const Card = z.object({
  last4: z.string(),
  creditLimitCentavos: Centavos,
  statementDay: z.number().int(),
  dueDay: z.number().int(),
  outstandingCentavos: Centavos,
  availableCreditCentavos: Centavos,
  utilization: z.number().min(0).max(1),
  lastStatementDate: IsoDate.nullable().openapi({
    description: "Null until the first statement after opening",
  }),
  nextStatementDate: IsoDate,
  nextDueDate: IsoDate,
});

export const Account = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: AccountKind,
    institution: z.string().nullable(),
    currency: z.string(),
    openingBalanceCentavos: Centavos,
    openingDate: IsoDate,
    visibility: Visibility,
    owner: z.object({ id: z.uuid(), name: z.string() }),
    sortOrder: z.number().int(),
    color: z.string().nullable(),
    archivedAt: z.string().nullable(),
    balanceCentavos: Centavos,
    card: Card.nullable(),
  })
  .openapi("Account");

export const AccountList = z
  .object({ items: z.array(Account), netWorthCentavos: Centavos })
  .openapi("AccountList");

export const ListQuery = z.object({
  includeArchived: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});

export const BalancesQuery = z.object({
  asOf: IsoDate.optional(),
  includeArchived: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});

export const Balances = z
  .object({
    asOf: IsoDate,
    items: z.array(
      z.object({
        accountId: z.uuid(),
        balanceCentavos: Centavos,
        outstandingCentavos: Centavos.optional(),
        availableCreditCentavos: Centavos.optional(),
      }),
    ),
    netWorthCentavos: Centavos,
  })
  .openapi("AccountBalances");

export const IdParam = z.object({ id: z.uuid() });

export type CreateAccountInput = z.infer<typeof CreateAccountBody>;
export type UpdateAccountInput = z.infer<typeof UpdateAccountBody>;
export type AccountDto = z.infer<typeof Account>;

export const ReconcileQuery = z.object({
  asOf: IsoDate.optional(),
  /** What the bank or wallet app shows; for a card, the statement balance (amount owed, positive). */
  statementBalance: SignedAmount.optional(),
});

/** Ids one confirmation may tick: ~40 bytes each, well under the request body limit. */
export const MAX_RECONCILE_CLEAR = 10_000;

export const ReconcileBody = z
  .object({
    asOf: IsoDate.optional(),
    statementBalance: SignedAmount,
    clear: z
      .array(z.uuid())
      .max(MAX_RECONCILE_CLEAR, `Tick at most ${MAX_RECONCILE_CLEAR} entries at once`)
      .optional()
      .openapi({
        description:
          "The uncleared entries up to asOf that the statement shows (ids from the preview's uncleared list); the rest stay uncleared and count out of the cleared balance. Omitted: every one of them.",
      }),
  })
  .openapi("ReconcileBody");

export const Reconciliation = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    asOf: IsoDate,
    statementBalanceCentavos: Centavos,
    balanceBeforeCentavos: Centavos.openapi({
      description:
        "The cleared balance the statement was compared with, as entered (a card: owed): FinTrack's balance as of the date less the entries left uncleared",
    }),
    adjustmentCentavos: Centavos.openapi({
      description: "Signed asset value added to the balance; 0 when FinTrack already agreed",
    }),
    clearedCount: z.number().int(),
    createdBy: z.uuid(),
    createdAt: z.string(),
  })
  .openapi("Reconciliation");

export const ReconcilePreview = z
  .object({
    accountId: z.uuid(),
    kind: AccountKind,
    asOf: IsoDate,
    balanceCentavos: Centavos,
    statementBalanceCentavos: Centavos.nullable(),
    differenceCentavos: Centavos.nullable(),
    uncleared: z.array(
      z.object({
        id: z.uuid(),
        type: z.enum(["income", "expense", "transfer"]),
        date: IsoDate,
        merchant: z.string().nullable(),
        notes: z.string().nullable(),
        amountCentavos: Centavos.openapi({
          description:
            "How it moved this account, as a signed asset value (money out negative, on a card too): unticking it takes this out of the cleared balance",
        }),
      }),
    ),
    lastReconciliation: Reconciliation.nullable(),
  })
  .openapi("ReconcilePreview");

export const ReconciliationList = z.object({ items: z.array(Reconciliation) }).openapi("ReconciliationList");

export const ReconciliationParam = z.object({ id: z.uuid(), reconciliationId: z.uuid() });

export const UndoneReconciliation = Reconciliation.extend({
  unclearedCount: z.number().int().openapi({
    description: "Entries un-cleared: those it cleared that no edit had un-cleared since",
  }),
}).openapi("UndoneReconciliation");
