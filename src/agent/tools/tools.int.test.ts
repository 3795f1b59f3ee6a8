import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoRetail, DEMO_EMAILS } from "../../demo/demo-retail";
import { createTestContext, createWorkspace, manualClock, type TestContext, type WorkspaceFixture } from "../../../test/helpers";

const NOW = "2026-01-15T17:00:00Z"; // Thursday: 12:00 in New York, 17:00 in London.
const clock = manualClock(NOW);
let ctx: TestContext;
let ws: WorkspaceFixture;
let other: WorkspaceFixture;
const ids: Record<string, string> = {};

async function customer(workspace: WorkspaceFixture, email: string, verified = true, extra: { kind: "external"; value: string; system: string }[] = []) {
  let created = await ctx.services.customers.create(workspace.workspaceId, { identities: [{ kind: "email", value: email }, ...extra] });
  const identity = created.identities.find((i) => i.kind === "email");
  if (verified && identity) {
    created = await ctx.services.customers.verifyIdentity(workspace.workspaceId, created.id, identity.id, "staff", "test");
  }
  return created.id;
}

const tool = (name: string, body: Record<string, unknown>, workspace = ws) =>
  ctx.app.inject({ method: "POST", url: `/api/v1/tools/${name}`, headers: workspace.headers, payload: body });

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  ws = await createWorkspace(ctx.services);
  other = await createWorkspace(ctx.services);
  await seedDemoRetail(ctx.services, ws.workspaceId, clock.now());
  await seedDemoRetail(ctx.services, other.workspaceId, clock.now());
  ids.maya = await customer(ws, DEMO_EMAILS.maya);
  ids.james = await customer(ws, DEMO_EMAILS.james);
  ids.hannah = await customer(ws, DEMO_EMAILS.hannah);
  ids.priya = await customer(ws, DEMO_EMAILS.priya);
  ids.luis = await customer(ws, DEMO_EMAILS.luis);
  ids.unverified = await customer(ws, "someone.else@example.com", false);
  ids.otherMaya = await customer(other, DEMO_EMAILS.maya);
});
afterAll(() => ctx.close());

describe("order tools", () => {
  it("looks up the verified customer's order with a plain-language late status", async () => {
    const res = await tool("order.lookup", { input: { orderNumber: "1001" }, customerId: ids.maya });
    expect(res.statusCode).toBe(200);
    const [order] = res.json().data.orders;
    expect(order.number).toBe("1001");
    expect(order.status).toBe("processing");
    expect(order.delivery.late).toBe(true);
    expect(order.statusText).toContain("running late");
    expect(order.totals.total).toBe(202.4);
  });

  it("lists a customer's orders and accepts a leading #", async () => {
    const list = (await tool("order.lookup", { input: {}, customerId: ids.maya })).json().data.orders;
    expect(list.map((o: { number: string }) => o.number).sort()).toEqual(["1001", "1002", "1003"]);
    expect((await tool("order.lookup", { input: { orderNumber: "#1002" }, customerId: ids.maya })).statusCode).toBe(200);
  });

  it("answers another customer's order exactly like an unknown one", async () => {
    const theirs = await tool("order.lookup", { input: { orderNumber: "1004" }, customerId: ids.maya });
    const unknown = await tool("order.lookup", { input: { orderNumber: "999999" }, customerId: ids.maya });
    expect(theirs.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(theirs.json().error.code).toBe("ORDERS_NOT_FOUND");
    expect(theirs.json().error.message.replace("1004", "X")).toBe(unknown.json().error.message.replace("999999", "X"));
  });

  it("does not see orders of another workspace", async () => {
    // A customer id from another workspace is unknown here.
    expect((await tool("order.lookup", { input: { orderNumber: "1001" }, customerId: ids.otherMaya })).statusCode).toBe(404);
    // The other workspace's staff see their own order 1001, not this one (its address was not changed here).
    const theirs = await tool("order.lookup", { input: { orderNumber: "1001" }, customerId: ids.otherMaya }, other);
    expect(theirs.statusCode).toBe(200);
  });

  it("withholds order details from an unverified customer", async () => {
    const res = await tool("order.status", { input: { orderNumber: "1001" }, customerId: ids.unverified });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("VERIFICATION_REQUIRED");
  });

  it("gives status with the last tracking event and the carrier's estimate", async () => {
    const res = await tool("order.status", { input: { orderNumber: "1002" }, customerId: ids.maya });
    const data = res.json().data;
    expect(data.status).toBe("shipped");
    expect(data.carrier).toBe("UPS");
    expect(data.trackingNumbers).toEqual(["1Z999AA10123456784"]);
    expect(data.lastTrackingEvent.description).toBe("Arrived at facility");
    expect(data.delivery.basis).toBe("carrier_estimate");
    expect(data.statusText).toContain("on its way with UPS");
  });

  it("lets staff read any order of the workspace through the resource route", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/v1/orders/1004", headers: ws.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.orders[0].customer.email).toBe(DEMO_EMAILS.james);
  });

  it("estimates delivery windows for an order and for a product", async () => {
    const order = (await tool("delivery.window", { input: { orderNumber: "1010" }, customerId: ids.luis })).json().data;
    expect(order.estimate.basis).toBe("promised");
    const shipping = (await tool("delivery.window", { input: { sku: "LAMP-DESK-BRASS", postalCode: "10001" } })).json().data;
    expect(shipping.kind).toBe("shipping");
    expect(Date.parse(shipping.from)).toBeGreaterThan(Date.parse(NOW));
    const pickup = (await tool("delivery.window", { input: { sku: "TEE-ORG-S-BLACK", storeCode: "NYC-SOHO" } })).json().data;
    expect(["pickup", "shipping"]).toContain(pickup.kind);
    const bad = await tool("delivery.window", { input: { sku: "LAMP-DESK-BRASS", postalCode: "ABC" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("LOCATION_POSTAL_CODE_INVALID");
  });
});

describe("returns eligibility", () => {
  it("explains per line: final sale refused, regular item eligible", async () => {
    const res = await tool("returns.eligibility", { input: { orderNumber: "1003" }, customerId: ids.maya });
    const lines = res.json().data.lines;
    expect(lines[0]).toMatchObject({ lineId: "1", eligible: true, windowDays: 30 });
    expect(lines[1].eligible).toBe(false);
    expect(lines[1].refusals.map((r: { id: string }) => r.id)).toContain("returns.final_sale");
  });

  it("refuses outside the window, already returned and not delivered", async () => {
    const old = (await tool("returns.eligibility", { input: { orderNumber: "1008" }, customerId: ids.hannah })).json().data.lines[0];
    expect(old.refusals[0]).toMatchObject({ id: "returns.window_closed", params: { windowDays: 30 } });
    const partial = (await tool("returns.eligibility", { input: { orderNumber: "1009" }, customerId: ids.priya })).json().data.lines;
    expect(partial[0].refusals.map((r: { id: string }) => r.id)).toContain("returns.already_returned");
    expect(partial[1].eligible).toBe(true);
    const pending = (await tool("returns.eligibility", { input: { orderNumber: "1001" }, customerId: ids.maya })).json().data.lines[0];
    expect(pending.refusals[0].id).toBe("returns.not_delivered");
    const worn = (await tool("returns.eligibility", { input: { orderNumber: "1007", condition: "opened" }, customerId: ids.hannah })).json().data.lines[0];
    expect(worn.refusals[0].id).toBe("returns.condition");
  });
});

describe("actions", () => {
  it("cancels an order that has not shipped, once, and records it on the timeline", async () => {
    const body = { input: { orderNumber: "1010", reason: "ordered by mistake" }, customerId: ids.luis, requestId: "req-cancel-1010" };
    const first = await tool("order.cancel", body);
    expect(first.statusCode).toBe(200);
    expect(first.json().data).toMatchObject({ status: "cancelled", refundAmount: 197.39, replayed: false });
    const again = await tool("order.cancel", body);
    expect(again.statusCode).toBe(200);
    expect(again.json().data.replayed).toBe(true);
    const timeline = await ctx.services.timeline.list(ws.workspaceId, ids.luis ?? "", { limit: 50 });
    expect(timeline.events.filter((e) => e.kind === "order.cancelled")).toHaveLength(1);
    const order = (await tool("order.lookup", { input: { orderNumber: "1010" }, customerId: ids.luis })).json().data.orders[0];
    expect(order.status).toBe("cancelled");
    expect(order.refunds).toHaveLength(1);
    // A new request id on a cancelled order is refused by a rule, and nothing more is written.
    const third = await tool("order.cancel", { ...body, requestId: "req-cancel-1010-b" });
    expect(third.statusCode).toBe(409);
    expect(third.json().error.details.rule.id).toBe("orders.cancel.already_cancelled");
  });

  it("refuses to cancel a shipped order, naming the rule", async () => {
    const res = await tool("order.cancel", { input: { orderNumber: "1002" }, customerId: ids.maya, requestId: "r-1002" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("ORDERS_CANCEL_REFUSED");
    expect(res.json().error.details.rule.id).toBe("orders.cancel.shipped");
  });

  it("refuses a reused request id for a different action", async () => {
    const res = await tool("order.changeAddress", {
      input: { orderNumber: "1010", address: { line1: "1 Main St", city: "Chicago", postalCode: "60611", country: "US" } },
      customerId: ids.luis,
      requestId: "req-cancel-1010",
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("ACTIONS_REQUEST_ID_REUSED");
  });

  it("changes the address before shipment and refuses it after", async () => {
    const address = { line1: "200 Broadway", city: "New York", region: "NY", postalCode: "10038", country: "US" };
    const ok = await tool("order.changeAddress", { input: { orderNumber: "1001", address }, customerId: ids.maya, requestId: "addr-1" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data.previousAddress.line1).toBe("88 Greene Street, Apt 4");
    const shipped = await tool("order.changeAddress", { input: { orderNumber: "1002", address }, customerId: ids.maya });
    expect(shipped.statusCode).toBe(409);
    expect(shipped.json().error.details.rule.id).toBe("orders.address.shipped");
    const badZip = await tool("order.changeAddress", { input: { orderNumber: "1001", address: { ...address, postalCode: "1" } }, customerId: ids.maya });
    expect(badZip.statusCode).toBe(400);
  });

  it("creates a return within policy once, then refuses a second return of the same item", async () => {
    const body = { input: { orderNumber: "1007", lines: [{ lineId: "1", quantity: 1 }], reason: "does not fit the desk" }, customerId: ids.hannah, requestId: "ret-1007" };
    const first = await tool("returns.create", body);
    expect(first.statusCode).toBe(200);
    expect(first.json().data).toMatchObject({ kind: "return", refundAmount: 79, replayed: false });
    expect(first.json().data.returnId).toMatch(/^ret_/);
    const replay = await tool("returns.create", body);
    expect(replay.json().data).toMatchObject({ returnId: first.json().data.returnId, replayed: true });
    const second = await tool("returns.create", { ...body, requestId: "ret-1007-b" });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.details.rule.id).toBe("returns.already_returned");
    const timeline = await ctx.services.timeline.list(ws.workspaceId, ids.hannah ?? "", { limit: 50 });
    expect(timeline.events.filter((e) => e.kind === "return.created")).toHaveLength(1);
  });

  it("refuses returns of final-sale items and negative quantities", async () => {
    const finalSale = await tool("returns.create", { input: { orderNumber: "1003", lines: [{ lineId: "2" }], reason: "changed mind" }, customerId: ids.maya });
    expect(finalSale.statusCode).toBe(409);
    expect(finalSale.json().error.details.rule.id).toBe("returns.final_sale");
    const negative = await tool("returns.create", { input: { orderNumber: "1003", lines: [{ lineId: "1", quantity: -1 }], reason: "x" }, customerId: ids.maya });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.code).toBe("TOOLS_INPUT_INVALID");
  });

  it("exchanges the delivered jacket for another size of the same product only", async () => {
    const wrong = await tool("exchanges.create", { input: { orderNumber: "1004", lines: [{ lineId: "1", newSku: "LAMP-DESK-BRASS" }], reason: "too small" }, customerId: ids.james });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.details.rule.id).toBe("exchanges.same_product");
    const missing = await tool("exchanges.create", { input: { orderNumber: "1004", lines: [{ lineId: "1", newSku: "NOPE" }], reason: "too small" }, customerId: ids.james });
    expect(missing.statusCode).toBe(404);
    const ok = await tool("exchanges.create", { input: { orderNumber: "1004", lines: [{ lineId: "1", newSku: "JKT-RAIN-L-NAVY" }], reason: "too small" }, customerId: ids.james, requestId: "exc-1004" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data).toMatchObject({ kind: "exchange", priceDifference: 0, lines: [{ lineId: "1", sku: "JKT-RAIN-M-NAVY", newSku: "JKT-RAIN-L-NAVY", quantity: 1 }] });
  });

  it("needs a verified customer to act", async () => {
    const res = await tool("order.cancel", { input: { orderNumber: "1005" } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("ACTIONS_CUSTOMER_REQUIRED");
  });
});

describe("stores, inventory and products", () => {
  it("orders stores by distance from coordinates and from a postal code", async () => {
    const near = (await tool("stores.find", { input: { latitude: 40.7258, longitude: -73.9990 } })).json().data.stores;
    expect(near.map((s: { code: string }) => s.code).slice(0, 2)).toEqual(["NYC-SOHO", "NYC-USQ"]);
    expect(near[0].distanceKm).toBeLessThan(1);
    expect(near.every((s: { distanceKm: number }, i: number) => i === 0 || s.distanceKm >= near[i - 1].distanceKm)).toBe(true);
    const london = (await ctx.app.inject({ method: "GET", url: "/api/v1/stores?postalCode=SW1A%201AA&country=GB", headers: ws.headers })).json().data.stores;
    expect(london[0].code).toBe("LDN-COVENT");
    const bad = await tool("stores.find", { input: { latitude: 95, longitude: 0 } });
    expect(bad.statusCode).toBe(400);
    const unknown = await tool("stores.find", { input: { postalCode: "99999" } });
    expect(unknown.json().error.code).toBe("LOCATION_POSTAL_CODE_UNKNOWN");
  });

  it("tells open-now and today's hours in each store's own time zone", async () => {
    // 17:00 UTC Thursday: 12:00 in New York (open), 17:00 in London (open), 09:00 in San Francisco (not yet).
    const soho = (await tool("stores.hours", { input: { storeCode: "NYC-SOHO" } })).json().data;
    expect(soho).toMatchObject({ openNow: true, localTime: "2026-01-15T12:00" });
    const sf = (await tool("stores.hours", { input: { storeCode: "SF-UNION" } })).json().data;
    expect(sf.openNow).toBe(false);
    expect(sf.nextOpening.at).toBe("2026-01-15T18:00:00.000Z");
    clock.set("2026-01-15T20:30:00Z"); // 20:30 in London: closed.
    expect((await tool("stores.hours", { input: { storeCode: "LDN-COVENT" } })).json().data.openNow).toBe(false);
    clock.set("2026-12-25T17:00:00Z");
    const christmas = (await tool("stores.hours", { input: { storeCode: "NYC-SOHO" } })).json().data;
    expect(christmas.openNow).toBe(false);
    expect(christmas.today.holiday).toBe("Christmas Day");
    clock.set(NOW);
    expect((await tool("stores.hours", { input: { storeCode: "NOPE" } })).statusCode).toBe(404);
  });

  it("checks stock at a store and finds nearby stores that have it", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/v1/inventory/SHOE-TRAIL-10-BLACK?storeCode=NYC-SOHO&latitude=40.72&longitude=-74", headers: ws.headers });
    expect(res.statusCode).toBe(200);
    const data = res.json().data;
    expect(data.atStore.store.code).toBe("NYC-SOHO");
    expect(typeof data.atStore.quantity).toBe("number");
    expect(data.nearby.every((n: { quantity: number }) => n.quantity >= 1)).toBe(true);
    expect((await tool("inventory.check", { input: { sku: "NOPE-1" } })).json().error.code).toBe("PRODUCTS_VARIANT_NOT_FOUND");
    expect((await tool("inventory.check", { input: { sku: "SHOE-TRAIL-10-BLACK", quantity: -2 } })).statusCode).toBe(400);
  });

  it("searches the catalogue tolerating typos and gets a product", async () => {
    const typo = (await ctx.app.inject({ method: "GET", url: "/api/v1/products?q=rain%20jakcet", headers: ws.headers })).json().data.products;
    expect(typo[0].id).toBe("P-JKT-RAIN");
    const words = (await tool("products.search", { input: { query: "noise cancelling" } })).json().data.products;
    expect(words.map((p: { id: string }) => p.id)).toContain("P-HEAD-OVR");
    const product = (await ctx.app.inject({ method: "GET", url: "/api/v1/products/P-JKT-RAIN", headers: ws.headers })).json().data.product;
    expect(product.variants).toHaveLength(8);
    expect((await tool("products.get", { input: { sku: "JKT-RAIN-M-NAVY" } })).json().data.product.id).toBe("P-JKT-RAIN");
    expect((await tool("products.get", { input: { productId: "nope" } })).statusCode).toBe(404);
  });

  it("lists tools with input schemas and documents the routes in /openapi.json", async () => {
    const list = (await ctx.app.inject({ method: "GET", url: "/api/v1/tools", headers: ws.headers })).json().tools;
    expect(list).toHaveLength(13);
    const spec = (await ctx.app.inject({ method: "GET", url: "/openapi.json" })).json();
    for (const path of ["/api/v1/tools/{name}", "/api/v1/orders/{number}", "/api/v1/stores", "/api/v1/products", "/api/v1/webhooks/retail/{workspaceId}"]) {
      expect(spec.paths[path]).toBeDefined();
    }
    expect((await tool("nope.tool", { input: {} })).statusCode).toBe(404);
    expect((await tool("order.lookup", { input: { orderNumber: "1001" }, extra: 1 })).statusCode).toBe(400);
  });
});
