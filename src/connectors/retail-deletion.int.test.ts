import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, createWorkspace, type TestContext, type WorkspaceFixture } from "../../test/helpers";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

describe("deleting retail records and knowledge entries", () => {
  let ctx: TestContext;
  let ws: WorkspaceFixture;
  let other: WorkspaceFixture;
  let agentHeaders: { authorization: string };
  const api = (method: "GET" | "POST" | "DELETE", url: string, body?: unknown, headers: object = ws.headers) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers: headers as Record<string, string>, payload: body as object });
  const tool = (name: string, input: Record<string, unknown>) => api("POST", `/tools/${name}`, { input });

  beforeAll(async () => {
    ctx = await createTestContext();
    ws = await createWorkspace(ctx.services);
    other = await createWorkspace(ctx.services);
    const { key } = await ctx.services.auth.createApiKey(ws.workspaceId, { name: "agent", role: "agent" });
    agentHeaders = { authorization: `Bearer ${key}` };
    for (const [kind, file] of [
      ["products", "products.json"],
      ["stores", "stores.csv"],
      ["inventory", "inventory.csv"],
      ["orders", "orders.ndjson"],
    ] as const) {
      const report = await ctx.services.imports.importFile(ws.workspaceId, kind, fs.realpathSync(fixture(file)));
      expect(report.valid).toBeGreaterThan(0);
    }
  });
  afterAll(() => ctx?.close());

  it("refuses non-admins and answers 404 for another workspace's records, changing nothing", async () => {
    expect((await api("DELETE", "/retail/orders/A-1", undefined, agentHeaders)).statusCode).toBe(403);
    expect((await api("DELETE", "/retail/orders/A-1", undefined, other.headers)).statusCode).toBe(404);
    expect((await api("DELETE", "/retail/stores/NYC-1", undefined, other.headers)).statusCode).toBe(404);
    expect((await api("GET", "/orders/A-1")).statusCode).toBe(200);
  });

  it("deletes an order, a variant, inventory, a store and a product; the tools stop finding them at once", async () => {
    expect((await api("DELETE", "/retail/orders/A-1")).statusCode).toBe(204);
    expect((await api("GET", "/orders/A-1")).statusCode).toBe(404);
    expect((await api("DELETE", "/retail/orders/A-1")).statusCode).toBe(404);

    const atNyc = async () =>
      (await tool("inventory.check", { sku: "IPOD2008GREEN", storeCode: "NYC-1" })).json().atStore.quantity;
    expect(await atNyc()).toBe(3);
    expect((await api("DELETE", "/retail/inventory/NYC-1/IPOD2008GREEN")).statusCode).toBe(204);
    expect(await atNyc()).toBe(0);

    expect((await api("DELETE", "/retail/stores/LDN-1")).statusCode).toBe(204);
    expect((await tool("stores.hours", { storeCode: "LDN-1" })).statusCode).toBe(404);

    expect((await api("DELETE", "/retail/variants/IPOD2008RED")).statusCode).toBe(204);
    expect((await api("DELETE", "/retail/products/632910392")).statusCode).toBe(204);
    const rows = await ctx.database.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM retail_variants WHERE workspace_id = $1 AND sku LIKE 'IPOD%')::int
            + (SELECT count(*) FROM retail_inventory WHERE workspace_id = $1 AND sku LIKE 'IPOD%')::int AS n`,
      [ws.workspaceId],
    );
    expect(rows[0]?.n).toBe(0);
    expect((await api("DELETE", "/retail/products/632910392")).statusCode).toBe(404);
  });

  it("deletes a knowledge entry with its versions; search no longer returns it", async () => {
    const created = await api("POST", "/knowledge/entries", {
      kind: "article",
      slug: "gift-wrapping",
      title: "Gift wrapping",
      body: "We gift-wrap any order for free when you ask at checkout.",
      publish: true,
    });
    expect(created.statusCode).toBe(201);
    const entryId = created.json().id as string;
    const search = () => api("GET", "/knowledge/search?q=gift%20wrapping");
    expect(JSON.stringify((await search()).json())).toContain(entryId);
    expect((await api("DELETE", `/knowledge/entries/${entryId}`, undefined, other.headers)).statusCode).toBe(404);
    expect((await api("DELETE", `/knowledge/entries/${entryId}`)).statusCode).toBe(204);
    expect(JSON.stringify((await search()).json())).not.toContain(entryId);
    expect((await api("GET", `/knowledge/entries/${entryId}`)).statusCode).toBe(404);
  });
});
