import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createLogger } from "../lib/logger";
import { loadSession, SessionGuard } from "../lib/session-guard";
import { useTestApp } from "../testing";
import { patch } from "../transactions/testing";
import { runImport } from "./importer";
import { planImport } from "./service";
import { importingHousehold, liveTransactions, upload } from "./test-helpers";

const app = useTestApp();

describe("imports and private accounts", () => {
  it("an account made private by its owner while the other member's import waits gets none of their rows", async () => {
    const { owner, partner, partnerUser, householdId } = await importingHousehold(app);
    // a shared account the owner created (and so owns); the partner imports into it
    const created = await owner.post("/api/accounts", { name: "Joint wallet", kind: "ewallet" });
    expect(created.status).toBe(201);
    const joint = created.data.id;
    const csv = "Date,Amount,Merchant\n2026-03-01,-120.00,Jollibee\n2026-03-02,-80.00,Mercury Drug\n";
    const preview = await upload(partner, csv);
    expect(preview.status).toBe(201);

    // planned (accounts checked) as the commit route does, but not yet run
    const user = { userId: partnerUser.id, householdId, role: "partner" as const, sessionId: "test" };
    const leaseOwner = randomUUID();
    const plan = await planImport(
      app.db,
      user,
      preview.data.batchId,
      {
        mapping: preview.data.suggestedMapping,
        defaults: { accountId: joint, type: "expense" },
        dateFormat: "auto",
        createMissingCategories: false,
      },
      leaseOwner,
    );
    // meanwhile the owner makes it private: allowed, none of the partner's entries are in it yet
    expect((await patch(owner, `/api/accounts/${joint}`, { visibility: "private" })).status).toBe(200);

    await runImport(
      {
        db: app.db,
        config: app.config,
        log: createLogger("silent"),
        sessions: new SessionGuard({ load: loadSession(app.db) }),
        publish: () => {},
      },
      leaseOwner,
      user,
      plan,
    );

    const batch = await partner.get(`/api/imports/${preview.data.batchId}`);
    expect(batch.data).toMatchObject({ status: "failed", importedRows: 0 });
    expect(batch.data.error).toMatch(/made private/);
    const inJoint = (await liveTransactions(app, householdId)).filter((t) => t.accountId === joint);
    expect(inJoint).toEqual([]);
  });
});
