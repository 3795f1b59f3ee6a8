import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, manualClock, uniqueEmail, type TestContext } from "../../../test/helpers";
import { createImportService } from "../../connectors";
import { openShop, say, type Shop } from "../test-support/conversation";

// Policy questions, store addresses and unclear openings through the REST channel on a real
// database: answers come from the policies the retailer published, never from built-in defaults.
let t: TestContext;
const clock = manualClock("2026-01-15T17:00:00Z"); // Thursday, 12:00 in New York

beforeAll(async () => {
  t = await createTestContext({ clock });
  await t.services.agent.warmUp();
});
afterAll(async () => t?.close());

async function publish(shop: Shop, entry: Record<string, unknown>) {
  await t.services.knowledge.createEntry(shop.ws.workspaceId, { changeNote: "test", ...entry } as never, "test", { publish: true });
}

async function shopWithPolicies(): Promise<Shop> {
  clock.set("2026-01-15T17:00:00Z");
  const shop = await openShop(t);
  await publish(shop, {
    kind: "policy",
    slug: "return-policy",
    policyType: "returns",
    title: "Return policy",
    params: { windowDays: 30, categoryWindows: { footwear: 45, electronics: 10 }, finalSaleCategories: ["clearance"], restockingFeePercent: 0, requiresUnused: true, exchangesAllowed: true },
    body: "You can return most items within 30 days. Footwear: 45 days. Electronics: 10 days. Clearance items are final sale.",
  });
  await publish(shop, {
    kind: "policy",
    slug: "shipping-policy",
    policyType: "shipping",
    title: "Shipping policy",
    params: { freeShippingThreshold: 90, currency: "USD", transitDays: { standard: { min: 3, max: 5 }, express: { min: 1, max: 2 } }, rates: { standard: 5.95, express: 12.5 } },
    body: "Standard shipping is free on orders over $90; below that it costs $5.95.\n\n- Express delivery: 1–2 business days after dispatch ($12.50).",
  });
  await publish(shop, {
    kind: "promotion",
    slug: "winter-sale",
    title: "Winter sale",
    body: "20% off all outerwear with code WINTER20.",
    effectiveFrom: new Date("2026-01-01T00:00:00Z"),
  });
  return shop;
}

describe("general policy questions are answered from the published policy, without verification", () => {
  it.each([
    ["How long do I have to return shoes?", /Footwear can be returned within 45 days/],
    ["whats the return window on headphones", /Electronics can be returned within 10 days/],
    ["yeah what's your return policy for electronics", /within 10 days/],
    ["can clearance stuff be returned?", /Clearance items are final sale/],
  ])("%j", async (text, expected) => {
    const shop = await shopWithPolicies();
    const r = await shop.send(uniqueEmail(), text);
    expect(r.decision).toBe("answer");
    expect(r.verified).toBe(false);
    expect(say(r)).toMatch(expected);
    expect(say(r)).not.toMatch(/postal code|order number/);
  });

  it("answers the free-shipping threshold from the shipping policy, not with a promotion", async () => {
    const shop = await shopWithPolicies();
    const r = await shop.send(uniqueEmail(), "how much do I have to spend to get free shipping?");
    expect(say(r)).toMatch(/free on orders over \$90/);
    expect(say(r)).not.toMatch(/WINTER20/);
  });

  it("states no category window the retailer has not published", async () => {
    clock.set("2026-01-15T17:00:00Z");
    const shop = await openShop(t);
    const r = await shop.send(uniqueEmail(), "How long do I have to return shoes?");
    expect(say(r)).not.toMatch(/Footwear can be returned/);
  });
});

describe("two requests in one message", () => {
  it("answers the shipping-price question and still asks before cancelling", async () => {
    const shop = await shopWithPolicies();
    await shop.verified(shop.maya);
    const r1 = await shop.send(shop.maya, "Please cancel order 1001, and by the way how much is express shipping?");
    expect(r1.decision).toBe("confirm");
    expect(say(r1)).toMatch(/\$12\.50/);
    expect(say(r1)).toMatch(/cancel order 1001/);
    expect(say(r1)).not.toMatch(/is cancelled/);
    const r2 = await shop.send(shop.maya, "yes, cancel it");
    expect(say(r2)).toMatch(/1001 is cancelled/);
  });

  it("answers store hours and a category return window together", async () => {
    const shop = await shopWithPolicies();
    const r = await shop.send(uniqueEmail(), "What time does the Soho store open on Tuesday, and how long do I have to return electronics?");
    expect(say(r)).toMatch(/Soho is open 10:00–20:00 on Tuesday 20 January/);
    expect(say(r)).toMatch(/within 10 days/);
  });
});

describe("a named final-sale item", () => {
  it("is refused as final sale instead of another item of the order being offered", async () => {
    const shop = await shopWithPolicies();
    const imports = createImportService({ db: t.services.db, clock: t.services.clock });
    await imports.importRecords(shop.ws.workspaceId, "products", [
      { id: "P-PARKA", title: "Down Parka", category: "clearance", finalSale: true, variants: [{ sku: "PARKA-M", options: { size: "M" }, price: 90 }] },
    ]);
    await imports.importRecords(shop.ws.workspaceId, "orders", [
      {
        number: "1005",
        status: "delivered",
        placedAt: "2026-01-05T10:00:00Z",
        customer: { email: shop.maya },
        shippingAddress: { line1: "5 Spring Street", city: "New York", postalCode: "10012", country: "US" },
        lines: [
          { id: "L1", sku: "PARKA-M", title: "Down Parka", quantity: 1, unitPrice: 90, productId: "P-PARKA", category: "clearance" },
          { id: "L2", sku: "JKT-M-BLK", title: "Aero Running Jacket", quantity: 1, unitPrice: 120, productId: "P-JACKET", category: "outerwear" },
        ],
        deliveredAt: "2026-01-10T12:00:00Z",
      },
    ]);
    const r = await shop.send(shop.maya, "Can I return the parka from order 1005? my zip is 10012");
    expect(r.verified).toBe(true);
    expect(r.decision).toBe("refuse");
    expect(say(r)).toMatch(/Down Parka .*final sale/);
    expect(say(r)).not.toMatch(/Aero Running Jacket/);
  });
});

describe("stores and unclear openings", () => {
  it("gives a named store's address when asked where it is", async () => {
    const shop = await shopWithPolicies();
    const r = await shop.send(uniqueEmail(), "Where is your Soho store?");
    expect(say(r)).toMatch(/120 Prince Street, New York/);
  });

  it("does not read 'at the moment' in a side clause as 'open now'", async () => {
    const shop = await shopWithPolicies();
    const r = await shop.send(uniqueEmail(), "I'm stuck at work at the moment, is the Soho store open late on Tuesday?");
    expect(say(r)).toMatch(/10:00–20:00 on Tuesday 20 January/);
    expect(say(r)).not.toMatch(/open now|right now/);
  });

  it("asks a vague opening what it is about, with the things it can do, and hands nothing over", async () => {
    const shop = await shopWithPolicies();
    const r = await shop.send(uniqueEmail(), "hey so about that thing");
    expect(["ask", "smalltalk"]).toContain(r.decision);
    expect(r.escalated).toBe(false);
    expect(say(r)).toMatch(/orders and deliveries,.*returns.*stores/);
    expect(say(r)).not.toMatch(/complaint/);
  });
});
