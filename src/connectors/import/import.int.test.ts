import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, createWorkspace, type TestContext, type WorkspaceFixture } from "../../../test/helpers";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const fixture = (name: string) => path.join(fixtures, name);
let ctx: TestContext;
let ws: WorkspaceFixture;

beforeAll(async () => {
  ctx = await createTestContext();
  ws = await createWorkspace(ctx.services);
});
afterAll(() => ctx.close());

const staffOrder = async (number: string) =>
  ctx.app.inject({ method: "GET", url: `/api/v1/orders/${encodeURIComponent(number)}`, headers: ws.headers });

describe("bulk import", () => {
  it("imports NDJSON orders, reporting each bad line with its reason, and is idempotent", async () => {
    const first = await ctx.services.imports.importFile(ws.workspaceId, "orders", fixture("orders.ndjson"));
    expect(first).toMatchObject({ read: 5, valid: 3, invalid: 2, inserted: 3, updated: 0, written: true });
    expect(first.problems).toEqual([
      { at: "line 3", field: "status", reason: expect.stringContaining("status") },
      { at: "line 4", reason: expect.stringContaining("not valid JSON") },
    ]);
    const again = await ctx.services.imports.importFile(ws.workspaceId, "orders", fixture("orders.ndjson"));
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    const order = (await staffOrder("A-1")).json().orders[0];
    expect(order.totals).toEqual({ subtotal: 40, shipping: 5, tax: 0, discount: 0, total: 45 });
  });

  it("updates only changed orders on re-import, and keeps workspaces apart", async () => {
    const order = (number: string, quantity: number) => ({
      number,
      status: "processing",
      customer: { email: "Ann@Example.com" },
      lines: [{ id: "1", sku: "TEE-M", title: "Tee", quantity, unitPrice: 10 }],
    });
    const first = await ctx.services.imports.importRecords(ws.workspaceId, "orders", [order("U-1", 1), order("U-2", 1), order("U-3", 1)]);
    expect(first).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
    const again = await ctx.services.imports.importRecords(ws.workspaceId, "orders", [
      order("U-1", 1),
      order("U-2", 2),
      order("U-3", 1),
      order("U-4", 1),
    ]);
    expect(again).toMatchObject({ inserted: 1, updated: 1, unchanged: 2 });
    expect((await staffOrder("U-2")).json().orders[0].totals.total).toBe(20);

    const other = await createWorkspace(ctx.services);
    const elsewhere = await ctx.services.imports.importRecords(other.workspaceId, "orders", [order("U-1", 3)]);
    expect(elsewhere).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
    expect((await staffOrder("U-1")).json().orders[0].totals.total).toBe(10);
  });

  it("writes nothing in strict mode when any record is bad", async () => {
    const strictWs = await createWorkspace(ctx.services);
    await expect(
      ctx.services.imports.importFile(strictWs.workspaceId, "orders", fixture("orders.ndjson"), { strict: true }),
    ).rejects.toMatchObject({ code: "CONNECTORS_IMPORT_REJECTED" });
    const res = await ctx.app.inject({ method: "GET", url: "/api/v1/orders/A-1", headers: strictWs.headers });
    expect(res.statusCode).toBe(404);
  });

  it("imports Shopify Admin API orders with fulfilments, tracking and refunds", async () => {
    const report = await ctx.services.imports.importFile(ws.workspaceId, "shopify-orders", fixture("shopify-orders.json"));
    expect(report).toMatchObject({ read: 3, valid: 2, invalid: 1 });
    expect(report.problems[0]).toMatchObject({ at: "index 2", field: "lines.0.unitPrice" });
    const order = (await staffOrder("1001")).json().orders[0];
    expect(order).toMatchObject({ number: "1001", status: "delivered", currency: "USD", sourceStatus: "paid/fulfilled" });
    expect(order.customer).toMatchObject({ email: "Bob.Norman@mail.example.com", externalId: "207119551" });
    expect(order.trackingNumbers).toEqual(["1Z2345"]);
    expect(order.totals).toEqual({ subtotal: 398, shipping: 10, tax: 11.94, discount: 10, total: 409.94 });
    expect(order.lines[1]).toMatchObject({ sku: "IPOD2008RED", returnedQuantity: 1, options: { variant: "red" } });
    expect(order.refunds[0]).toMatchObject({ amount: 209, reason: "it broke during shipping" });
    expect(order.shippingAddress).toMatchObject({ city: "Louisville", region: "KY", postalCode: "40202", country: "US" });
    const unfulfilled = (await staffOrder("1002")).json().orders[0];
    expect(unfulfilled.status).toBe("processing");
  });

  it("imports stores and inventory from CSV, rejecting impossible rows", async () => {
    const stores = await ctx.services.imports.importFile(ws.workspaceId, "stores", fixture("stores.csv"));
    expect(stores).toMatchObject({ read: 3, valid: 2, invalid: 1, inserted: 2 });
    expect(stores.problems[0]?.at).toBe("line 4");
    const london = await ctx.services.connectors.builtin.stores.get(ws.workspaceId, "LDN-1");
    expect(london?.hours.mon).toEqual([{ open: "09:00", close: "12:00" }, { open: "13:00", close: "19:00" }]);
    const nyc = await ctx.services.connectors.builtin.stores.get(ws.workspaceId, "NYC-1");
    expect(nyc?.holidays).toEqual([
      { date: "2026-12-25", name: "Christmas", closed: true, periods: [] },
      { date: "2026-12-24", name: "Christmas Eve", closed: false, periods: [{ open: "10:00", close: "16:00" }] },
    ]);
    const inventory = await ctx.services.imports.importFile(ws.workspaceId, "inventory", fixture("inventory.csv"));
    expect(inventory).toMatchObject({ read: 4, valid: 3, invalid: 1 });
    expect(inventory.problems[0]).toMatchObject({ at: "line 4", field: "quantity", reason: expect.stringContaining("negative") });
  });

  it("accepts records over the admin API and refuses other roles", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/imports/inventory",
      headers: ws.headers,
      payload: { records: [{ sku: "IPOD2008RED", location: "NYC-1", quantity: 2 }, { sku: "", location: "x", quantity: 1 }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: 1, invalid: 1, inserted: 1, problems: [{ at: "index 1", field: "sku" }] });
    const { key } = await ctx.services.auth.createApiKey(ws.workspaceId, { name: "agent", role: "agent" });
    const denied = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/imports/inventory",
      headers: { authorization: `Bearer ${key}` },
      payload: { records: [{ sku: "A", location: "B", quantity: 1 }] },
    });
    expect(denied.statusCode).toBe(403);
  });

  it("refuses an unknown format and an empty file cleanly", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-import-"));
    const txt = path.join(dir, "orders.txt");
    fs.writeFileSync(txt, "x");
    await expect(ctx.services.imports.importFile(ws.workspaceId, "orders", txt)).rejects.toMatchObject({ code: "CONNECTORS_IMPORT_FORMAT_UNKNOWN" });
    const empty = path.join(dir, "empty.ndjson");
    fs.writeFileSync(empty, "");
    expect(await ctx.services.imports.importFile(ws.workspaceId, "orders", empty)).toMatchObject({ read: 0, written: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
