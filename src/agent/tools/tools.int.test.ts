import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoRetail, DEMO_EMAILS } from "../../demo/demo-retail";
import { addBusinessDays } from "./lib/add-business-days";
import { toolOutputSchemas } from "./tool-result-schemas";
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

/** Runs a tool over HTTP; every successful output is held to the schema GET /tools declares for it. */
const checkedOutputs = new Set<string>();
const tool = async (name: string, body: Record<string, unknown>, workspace = ws) => {
  const res = await ctx.app.inject({ method: "POST", url: `/api/v1/tools/${name}`, headers: workspace.headers, payload: body });
  const schema = toolOutputSchemas[name];
  if (res.statusCode === 200 && schema) {
    const parsed = schema.safeParse(res.json());
    if (!parsed.success) throw new Error(`${name} answered outside its declared output: ${parsed.error.message}`);
    checkedOutputs.add(name);
  }
  return res;
};

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
afterAll(async () => {
  await ctx.close();
  // The file ran every tool at least once with success, each output checked against its schema.
  expect([...checkedOutputs].sort()).toEqual(Object.keys(toolOutputSchemas).sort());
});

describe("order tools", () => {
  it("looks up the verified customer's order with a plain-language late status", async () => {
    const res = await tool("order.lookup", { input: { orderNumber: "1001" }, customerId: ids.maya });
    expect(res.statusCode).toBe(200);
    const [order] = res.json().orders;
    expect(order.number).toBe("1001");
    expect(order.status).toBe("processing");
    expect(order.delivery.late).toBe(true);
    expect(order.statusText).toContain("running late");
    expect(order.totals.total).toBe(202.4);
  });

  it("lists a customer's orders and accepts a leading #", async () => {
    const list = (await tool("order.lookup", { input: {}, customerId: ids.maya })).json().orders;
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
    const data = res.json();
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
    expect(res.json().orders[0].customer.email).toBe(DEMO_EMAILS.james);
  });

  it("estimates delivery windows for an order and for a product", async () => {
    const order = (await tool("delivery.window", { input: { orderNumber: "1010" }, customerId: ids.luis })).json();
    expect(order.estimate.basis).toBe("promised");
    const shipping = (await tool("delivery.window", { input: { sku: "LAMP-DESK-BRASS", postalCode: "10001" } })).json();
    expect(shipping.kind).toBe("shipping");
    expect(Date.parse(shipping.from)).toBeGreaterThan(Date.parse(NOW));
    const pickup = (await tool("delivery.window", { input: { sku: "TEE-ORG-S-BLACK", storeCode: "NYC-SOHO" } })).json();
    expect(["pickup", "shipping"]).toContain(pickup.kind);
    const bad = await tool("delivery.window", { input: { sku: "LAMP-DESK-BRASS", postalCode: "ABC" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("LOCATION_POSTAL_CODE_INVALID");
  });
});

describe("returns eligibility", () => {
  it("explains per line: final sale refused, regular item eligible", async () => {
    const res = await tool("returns.eligibility", { input: { orderNumber: "1003" }, customerId: ids.maya });
    const lines = res.json().lines;
    expect(lines[0]).toMatchObject({ lineId: "1", eligible: true, windowDays: 30 });
    expect(lines[1].eligible).toBe(false);
    expect(lines[1].refusals.map((r: { id: string }) => r.id)).toContain("returns.final_sale");
  });

  it("refuses outside the window, already returned and not delivered", async () => {
    const old = (await tool("returns.eligibility", { input: { orderNumber: "1008" }, customerId: ids.hannah })).json().lines[0];
    expect(old.refusals[0]).toMatchObject({ id: "returns.window_closed", params: { windowDays: 30 } });
    const partial = (await tool("returns.eligibility", { input: { orderNumber: "1009" }, customerId: ids.priya })).json().lines;
    expect(partial[0].refusals.map((r: { id: string }) => r.id)).toContain("returns.already_returned");
    expect(partial[1].eligible).toBe(true);
    const pending = (await tool("returns.eligibility", { input: { orderNumber: "1001" }, customerId: ids.maya })).json().lines[0];
    expect(pending.refusals[0].id).toBe("returns.not_delivered");
    const worn = (await tool("returns.eligibility", { input: { orderNumber: "1007", condition: "opened" }, customerId: ids.hannah })).json().lines[0];
    expect(worn.refusals[0].id).toBe("returns.condition");
  });
});

describe("actions", () => {
  it("cancels an order that has not shipped, once, and records it on the timeline", async () => {
    const body = { input: { orderNumber: "1010", reason: "ordered by mistake" }, customerId: ids.luis, requestId: "req-cancel-1010" };
    const first = await tool("order.cancel", body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: "cancelled", refundAmount: 197.39, replayed: false });
    const again = await tool("order.cancel", body);
    expect(again.statusCode).toBe(200);
    expect(again.json().replayed).toBe(true);
    const timeline = await ctx.services.timeline.list(ws.workspaceId, ids.luis ?? "", { limit: 50 });
    expect(timeline.events.filter((e) => e.kind === "order.cancelled")).toHaveLength(1);
    const order = (await tool("order.lookup", { input: { orderNumber: "1010" }, customerId: ids.luis })).json().orders[0];
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
    expect(ok.json().previousAddress.line1).toBe("88 Greene Street, Apt 4");
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
    expect(first.json()).toMatchObject({ kind: "return", refundAmount: 79, replayed: false });
    expect(first.json().returnId).toMatch(/^ret_/);
    const replay = await tool("returns.create", body);
    expect(replay.json()).toMatchObject({ returnId: first.json().returnId, replayed: true });
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
    expect(ok.json()).toMatchObject({ kind: "exchange", priceDifference: 0, lines: [{ lineId: "1", sku: "JKT-RAIN-M-NAVY", newSku: "JKT-RAIN-L-NAVY", quantity: 1 }] });
  });

  it("needs a verified customer to act", async () => {
    const res = await tool("order.cancel", { input: { orderNumber: "1005" } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("ACTIONS_CUSTOMER_REQUIRED");
  });
});

describe("stores, inventory and products", () => {
  it("orders stores by distance from coordinates and from a postal code", async () => {
    const near = (await tool("stores.find", { input: { latitude: 40.7258, longitude: -73.9990 } })).json().stores;
    expect(near.map((s: { code: string }) => s.code).slice(0, 2)).toEqual(["NYC-SOHO", "NYC-USQ"]);
    expect(near[0].distanceKm).toBeLessThan(1);
    expect(near.every((s: { distanceKm: number }, i: number) => i === 0 || s.distanceKm >= near[i - 1].distanceKm)).toBe(true);
    const london = (await ctx.app.inject({ method: "GET", url: "/api/v1/stores?postalCode=SW1A%201AA&country=GB", headers: ws.headers })).json().stores;
    expect(london[0].code).toBe("LDN-COVENT");
    const bad = await tool("stores.find", { input: { latitude: 95, longitude: 0 } });
    expect(bad.statusCode).toBe(400);
    const unknown = await tool("stores.find", { input: { postalCode: "99999" } });
    expect(unknown.json().error.code).toBe("LOCATION_POSTAL_CODE_UNKNOWN");
  });

  it("tells open-now and today's hours in each store's own time zone", async () => {
    // 17:00 UTC Thursday: 12:00 in New York (open), 17:00 in London (open), 09:00 in San Francisco (not yet).
    const soho = (await tool("stores.hours", { input: { storeCode: "NYC-SOHO" } })).json();
    expect(soho).toMatchObject({ openNow: true, localTime: "2026-01-15T12:00" });
    const sf = (await tool("stores.hours", { input: { storeCode: "SF-UNION" } })).json();
    expect(sf.openNow).toBe(false);
    expect(sf.nextOpening.at).toBe("2026-01-15T18:00:00.000Z");
    clock.set("2026-01-15T20:30:00Z"); // 20:30 in London: closed.
    expect((await tool("stores.hours", { input: { storeCode: "LDN-COVENT" } })).json().openNow).toBe(false);
    clock.set("2026-12-25T17:00:00Z");
    const christmas = (await tool("stores.hours", { input: { storeCode: "NYC-SOHO" } })).json();
    expect(christmas.openNow).toBe(false);
    expect(christmas.today.holiday).toBe("Christmas Day");
    clock.set(NOW);
    expect((await tool("stores.hours", { input: { storeCode: "NOPE" } })).statusCode).toBe(404);
  });

  it("checks stock at a store and finds nearby stores that have it", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/v1/inventory/SHOE-TRAIL-10-BLACK?storeCode=NYC-SOHO&latitude=40.72&longitude=-74", headers: ws.headers });
    expect(res.statusCode).toBe(200);
    const data = res.json();
    expect(data.atStore.store.code).toBe("NYC-SOHO");
    expect(typeof data.atStore.quantity).toBe("number");
    expect(data.nearby.every((n: { quantity: number }) => n.quantity >= 1)).toBe(true);
    expect((await tool("inventory.check", { input: { sku: "NOPE-1" } })).json().error.code).toBe("PRODUCTS_VARIANT_NOT_FOUND");
    expect((await tool("inventory.check", { input: { sku: "SHOE-TRAIL-10-BLACK", quantity: -2 } })).statusCode).toBe(400);
  });

  it("searches the catalogue tolerating typos and gets a product", async () => {
    const typo = (await ctx.app.inject({ method: "GET", url: "/api/v1/products?q=rain%20jakcet", headers: ws.headers })).json().products;
    expect(typo[0].id).toBe("P-JKT-RAIN");
    const words = (await tool("products.search", { input: { query: "noise cancelling" } })).json().products;
    expect(words.map((p: { id: string }) => p.id)).toContain("P-HEAD-OVR");
    const product = (await ctx.app.inject({ method: "GET", url: "/api/v1/products/P-JKT-RAIN", headers: ws.headers })).json().product;
    expect(product.variants).toHaveLength(8);
    expect((await tool("products.get", { input: { sku: "JKT-RAIN-M-NAVY" } })).json().product.id).toBe("P-JKT-RAIN");
    expect((await tool("products.get", { input: { productId: "nope" } })).statusCode).toBe(404);
  });

  it("lists tools with input schemas and documents the routes in /openapi.json", async () => {
    const list = (await ctx.app.inject({ method: "GET", url: "/api/v1/tools", headers: ws.headers })).json().tools;
    expect(list).toHaveLength(13);
    // Every tool declares what it answers, as JSON Schema a client can generate types from.
    for (const listed of list as { name: string; output: { type?: string; properties?: object } }[]) {
      expect(toolOutputSchemas[listed.name], listed.name).toBeDefined();
      expect(listed.output.type).toBe("object");
      expect(Object.keys(listed.output.properties ?? {}).length, listed.name).toBeGreaterThan(0);
    }
    const spec = (await ctx.app.inject({ method: "GET", url: "/openapi.json" })).json();
    for (const path of ["/api/v1/tools/{name}", "/api/v1/orders/{number}", "/api/v1/stores", "/api/v1/products", "/api/v1/webhooks/retail/{workspaceId}"]) {
      expect(spec.paths[path]).toBeDefined();
    }
    expect((await tool("nope.tool", { input: {} })).statusCode).toBe(404);
    expect((await tool("order.lookup", { input: { orderNumber: "1001" }, extra: 1 })).statusCode).toBe(400);
  });
});

describe("only what the data holds", () => {
  // Orders as other systems deliver them: statuses without dates, labels before a scan,
  // method names in any case, payments only authorised. Imported through the retail import.
  const line = { id: "1", sku: "TEE-ORG-M-WHITE", title: "Organic Cotton T-Shirt", quantity: 1, unitPrice: 24 };
  const order = (number: string, extra: Record<string, unknown>) => ({ number, customer: { email: DEMO_EMAILS.maya }, lines: [line], ...extra });
  const status = async (number: string) => (await tool("order.status", { input: { orderNumber: number }, customerId: ids.maya })).json();
  const ISO_DAY = /\d{4}-\d{2}-\d{2}/;

  beforeAll(async () => {
    clock.set(NOW);
    const report = await ctx.services.imports.importRecords(ws.workspaceId, "orders", [
      order("2001", { status: "delivered", fulfilments: [{ id: "F1", status: "delivered", carrier: "UPS", trackingNumbers: ["1Z2001"], lineIds: ["1"] }] }),
      order("2002", { status: "shipped", fulfilments: [{ id: "F1", status: "in_transit", carrier: "UPS", trackingNumbers: ["1Z2002"], shippedAt: "2026-01-05T15:00:00Z" }] }),
      order("2003", {
        status: "shipped",
        estimatedDeliveryAt: "2026-01-13T20:00:00Z",
        fulfilments: [{ id: "F1", status: "in_transit", carrier: "FedEx", trackingNumbers: ["7946"], shippedAt: "2026-01-09T15:00:00Z" }],
      }),
      order("2004", { status: "shipped", shippingMethod: "Express", fulfilments: [{ id: "F1", status: "in_transit", carrier: "DHL", shippedAt: "2026-01-14T15:00:00Z" }] }),
      order("2005", { status: "processing" }),
      order("2006", { status: "processing", fulfilments: [{ id: "F1", status: "pending", trackingNumbers: ["1ZLABEL2006"], lineIds: ["1"] }] }),
      order("2007", { status: "pending", payments: [{ method: "card", amount: 24, status: "authorized" }] }),
      order("2008", { status: "shipped", shippingMethod: "White glove", fulfilments: [{ id: "F1", status: "in_transit", shippedAt: "2026-01-14T15:00:00Z" }] }),
    ]);
    expect(report.invalid).toBe(0);
  });

  it("never states a delivery date for a delivered order whose data has none", async () => {
    const data = await status("2001");
    expect(data.status).toBe("delivered");
    expect(data.delivery).toBeNull();
    expect(data.statusText).toContain("I don't have a delivery date for this order");
    expect(data.statusText).not.toMatch(ISO_DAY);
  });

  it("reports a window that has passed as late, never as expected", async () => {
    const data = await status("2002");
    expect(data.delivery).toMatchObject({ basis: "policy_transit_days", late: true });
    expect(Date.parse(data.delivery.to)).toBeLessThan(Date.parse(NOW));
    expect(data.statusText).toContain("running late");
    expect(data.statusText).not.toMatch(/Expected|Estimated delivery/);
  });

  it("says a carrier estimate that has passed makes the order late", async () => {
    const data = await status("2003");
    expect(data.delivery).toMatchObject({ basis: "carrier_estimate", late: true });
    expect(data.statusText).not.toMatch(/Expected on/);
    expect(data.statusText).toMatch(/carrier expected to deliver it by 2026-01-13, so it is running late/);
  });

  it("quotes the express window for 'Express', labelled as an estimate", async () => {
    const data = await status("2004");
    const express = { min: 1, max: 2 }; // the default shipping policy's express transit days
    const shipped = new Date("2026-01-14T15:00:00Z");
    expect(data.delivery).toMatchObject({ basis: "policy_transit_days", estimated: true, countedFrom: "shipped", late: false });
    expect(data.delivery.from).toBe(addBusinessDays(shipped, express.min).toISOString());
    expect(data.delivery.to).toBe(addBusinessDays(shipped, express.max).toISOString());
    expect(data.statusText).toMatch(/estimate from our usual express shipping times/);
    const window = await tool("delivery.window", { input: { sku: "LAMP-DESK-BRASS", shippingMethod: "EXPRESS" } });
    expect(window.statusCode).toBe(200);
    expect(window.json().shippingMethod).toBe("express");
  });

  it("does not guess a window for a shipping method the policy does not know", async () => {
    const data = await status("2008");
    expect(data.delivery).toBeNull();
    expect(data.statusText).not.toMatch(/Expected|Estimated/);
  });

  it("labels a window for an order not shipped yet as an estimate counted from today", async () => {
    const data = await status("2005");
    expect(data.delivery).toMatchObject({ estimated: true, countedFrom: "today" });
    expect(data.delivery.note).toMatch(/estimate/);
    expect(data.statusText).not.toMatch(ISO_DAY);
  });

  it("says a label was created, not 'has not shipped yet', beside a tracking number", async () => {
    const data = await status("2006");
    expect(data.trackingNumbers).toEqual(["1ZLABEL2006"]);
    expect(data.statusText).not.toMatch(/has not shipped/);
    expect(data.statusText).toContain("shipping label has been created (tracking 1ZLABEL2006)");
  });

  it("accepts a return of a delivered order without a delivery date and states the window honestly", async () => {
    const [eligibility] = (await tool("returns.eligibility", { input: { orderNumber: "2001" }, customerId: ids.maya })).json().lines;
    expect(eligibility).toMatchObject({ eligible: true, delivered: true, deliveredAt: null, windowEndsAt: null });
    expect(eligibility.windowNote).toContain(`within ${eligibility.windowDays} days of delivery`);
    expect(eligibility.windowNote).toContain("no delivery date on record");
  });

  it("releases an authorised payment on cancel instead of refunding it", async () => {
    const res = await tool("order.cancel", { input: { orderNumber: "2007" }, customerId: ids.maya, requestId: "cancel-2007" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ refundAmount: 0, authorisationReleasedAmount: 24 });
    const after = (await tool("order.lookup", { input: { orderNumber: "2007" }, customerId: ids.maya })).json().orders[0];
    expect(after.status).toBe("cancelled");
    expect(after.refunds).toEqual([]);
  });
});

describe("stock by the options a shopper names", () => {
  const check = async (input: Record<string, unknown>) => (await tool("inventory.check", { input })).json();

  it("lists every variant's stock at the store when no size or colour is named", async () => {
    const product = (await tool("products.get", { input: { productId: "P-JKT-RAIN" } })).json().product;
    const data = await check({ productId: "P-JKT-RAIN", storeCode: "NYC-USQ" });
    expect(data.match).toBe("several");
    expect(data.store.code).toBe("NYC-USQ");
    expect(data.variants.map((v: { sku: string }) => v.sku).sort()).toEqual(product.variants.map((v: { sku: string }) => v.sku).sort());
    for (const variant of data.variants) {
      const one = await check({ sku: variant.sku, storeCode: "NYC-USQ" });
      expect(variant.quantity).toBe(one.atStore.quantity);
      expect(variant.inStock).toBe(one.atStore.inStock);
    }
  });

  it("answers the exact variant for a size and colour, however they are written", async () => {
    const data = await check({ productId: "P-JKT-RAIN", storeCode: "NYC-USQ", options: { Size: "medium", colour: "navy" } });
    expect(data.match).toBe("exact");
    expect(data.sku).toBe("JKT-RAIN-M-NAVY");
    expect(data.options).toEqual({ size: "M", color: "Navy" });
    const byColour = await check({ productId: "P-JKT-RAIN", storeCode: "NYC-USQ", options: { color: "Navy" } });
    expect(byColour.match).toBe("several");
    expect(byColour.variants.every((v: { options: { color: string } }) => v.options.color === "Navy")).toBe(true);
  });

  it("never substitutes a variant the product does not come in", async () => {
    const data = await check({ productId: "P-JKT-RAIN", storeCode: "NYC-USQ", options: { size: "M", colour: "Red" } });
    expect(data).toMatchObject({ match: "none", requested: { size: "M", colour: "Red" } });
    expect(data.offered.color).toEqual(["Navy", "Olive"]);
    expect(data.sku).toBeUndefined();
    const both = await tool("inventory.check", { input: { sku: "JKT-RAIN-M-NAVY", options: { size: "L" } } });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.message).toContain("options");
  });
});

describe("store hours on any date", () => {
  it("applies the holiday exception for the date asked, weeks ahead", async () => {
    clock.set(NOW);
    const christmas = (await tool("stores.hours", { input: { storeCode: "NYC-SOHO", date: "2026-12-25" } })).json();
    expect(christmas.day).toMatchObject({ date: "2026-12-25", closed: true, holiday: "Christmas Day" });
    const eve = (await tool("stores.hours", { input: { storeCode: "NYC-SOHO", date: "2026-12-31" } })).json();
    expect(eve.day).toMatchObject({ holiday: "New Year's Eve", periods: [{ open: "10:00", close: "16:00" }] });
    const tuesday = await ctx.app.inject({ method: "GET", url: "/api/v1/stores/NYC-SOHO/hours?date=2026-03-03", headers: ws.headers });
    expect(tuesday.json().day).toMatchObject({ weekday: "tue", holiday: null, periods: [{ open: "10:00", close: "21:00" }] });
    const bad = await tool("stores.hours", { input: { storeCode: "NYC-SOHO", date: "25/12/2026" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("date");
  });
});
