import type { TestClient } from "../testing";

/** Small arrange helpers for the ledger tests: everything goes through the public API. */
export async function addAccount(c: TestClient, body: Record<string, unknown>): Promise<string> {
  const res = await c.post("/api/accounts", body);
  if (res.status !== 201) throw new Error(`account not created: ${JSON.stringify(res.data)}`);
  return res.data.id;
}

export async function record(c: TestClient, body: Record<string, unknown>): Promise<any> {
  const res = await c.post("/api/transactions", body);
  if (res.status !== 201) throw new Error(`transaction not recorded: ${JSON.stringify(res.data)}`);
  return res.data;
}

export async function balanceOf(
  c: TestClient,
  accountId: string,
  asOf?: string,
): Promise<string | undefined> {
  const res = await c.get(`/api/accounts/balances${asOf ? `?asOf=${asOf}` : ""}`);
  if (res.status !== 200) throw new Error(`balances failed: ${JSON.stringify(res.data)}`);
  return res.data.items.find((b: any) => b.accountId === accountId)?.balanceCentavos;
}

export async function categoryId(c: TestClient, name: string, kind = "expense"): Promise<string> {
  const res = await c.get("/api/transactions/categories");
  const found = res.data.items.find((x: any) => x.name === name && x.kind === kind);
  if (!found) throw new Error(`no category ${name}`);
  return found.id;
}

export const summaryOf = async (c: TestClient, month: string) =>
  (await c.get(`/api/transactions/summary?month=${month}`)).data;

export const patch = (c: TestClient, path: string, json: unknown) =>
  c.request(path, { method: "PATCH", json });
