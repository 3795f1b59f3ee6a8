import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, manualClock, uniqueEmail, type TestContext } from "../../../test/helpers";
import { createImportService } from "../../connectors";
import { openShop, say, type Shop } from "../test-support/conversation";

// Order actions through the REST channel on a real database with the real tools: what a new
// address and a return request carry into the change made to the order.
let t: TestContext;
const clock = manualClock("2026-01-15T17:00:00Z");

beforeAll(async () => {
  t = await createTestContext({ clock });
  await t.services.agent.warmUp();
});
afterAll(async () => t?.close());

/** A shop with a delivered order of a lamp and two mug sets that differ only by colour. */
async function shopWithMixedOrder(): Promise<Shop> {
  const shop = await openShop(t);
  const imports = createImportService({ db: t.services.db, clock: t.services.clock });
  const line = (id: string, sku: string, title: string, colour: string) => ({
    id,
    sku,
    title,
    quantity: 1,
    unitPrice: 40,
    options: { colour },
    category: "home",
  });
  const result = await imports.importRecords(shop.ws.workspaceId, "orders", [
    {
      number: "3001",
      status: "delivered",
      placedAt: "2026-01-05T10:00:00Z",
      customer: { email: shop.maya },
      shippingAddress: { line1: "5 Spring Street", city: "New York", postalCode: "10012", country: "US" },
      lines: [
        line("L1", "LAMP-BRASS", "Arc Desk Lamp", "Brass"),
        line("L2", "MUG-SLATE", "Stoneware Mug Set", "Slate"),
        line("L3", "MUG-SPECKLED", "Stoneware Mug Set", "Speckled"),
      ],
      deliveredAt: "2026-01-10T12:00:00Z",
    },
  ]);
  expect(result.invalid).toBe(0);
  return shop;
}

async function returnedBySku(shop: Shop, number: string): Promise<Record<string, number>> {
  const connectors = await t.services.connectors.forWorkspace(shop.ws.workspaceId);
  const order = await connectors.orders.getOrder(shop.ws.workspaceId, number);
  return Object.fromEntries((order?.lines ?? []).map((l) => [l.sku, l.returnedQuantity]));
}

/** A web-chat session carries the proof from one message to the next. */
const sessionOf = (email: string) => ({
  sender: [
    { kind: "email", value: email },
    { kind: "device", value: `session-${uniqueEmail().slice(0, 12)}` },
  ],
});

describe("a new address beside an order", () => {
  it("is an address change: the postal code is asked for, and the new address keeps its own", async () => {
    clock.set("2026-01-15T17:00:00Z");
    const shop = await openShop(t);
    const session = sessionOf(shop.maya);
    const r1 = await shop.send(shop.maya, "I moved - please ship order 1001 to 233 S Wacker Dr, Chicago, IL 60606", session);
    expect(r1.decision).toBe("verify");
    expect(say(r1)).toMatch(/postal code order 1001 ships to/);
    const r2 = await shop.send(shop.maya, "10012", session);
    expect(r2.verified).toBe(true);
    expect(r2.decision).toBe("confirm");
    expect(say(r2)).toMatch(/233 S Wacker Dr, Chicago, IL 60606/);
    const r3 = await shop.send(shop.maya, "yes, correct", session);
    expect(r3.decision).toBe("act");
    const connectors = await t.services.connectors.forWorkspace(shop.ws.workspaceId);
    const order = await connectors.orders.getOrder(shop.ws.workspaceId, "1001");
    expect(order?.shippingAddress).toMatchObject({ city: "Chicago", region: "IL", postalCode: "60606" });
  });
});

describe("a return covers the item the shopper named", () => {
  it("returns only the lamp named before the verification step", async () => {
    clock.set("2026-01-15T17:00:00Z");
    const shop = await shopWithMixedOrder();
    const session = sessionOf(shop.maya);
    const r1 = await shop.send(shop.maya, "I'd like to return the lamp from order 3001, it arrived scratched", session);
    expect(r1.decision).toBe("verify");
    const r2 = await shop.send(shop.maya, "my zip is 10012", session);
    expect(r2.decision).toBe("confirm");
    expect(say(r2)).toMatch(/Arc Desk Lamp/);
    expect(say(r2)).not.toMatch(/Mug Set/);
    const r3 = await shop.send(shop.maya, "yes", session);
    expect(r3.decision).toBe("act");
    expect(await returnedBySku(shop, "3001")).toEqual({ "LAMP-BRASS": 1, "MUG-SLATE": 0, "MUG-SPECKLED": 0 });
  });

  it("reads the item from the sentence that asks for the return, not the story around it", async () => {
    clock.set("2026-01-15T17:00:00Z");
    const shop = await shopWithMixedOrder();
    const r = await shop.send(
      shop.maya,
      "So I bought a lamp and some mugs for my brother's flat, he loves the mugs but the lamp clashes. Can I return just the lamp? Order 3001, zip 10012.",
    );
    expect(r.verified).toBe(true);
    expect(r.decision).toBe("confirm");
    expect(say(r)).toMatch(/Arc Desk Lamp/);
    expect(say(r)).not.toMatch(/Mug Set/);
  });

  it("asks which one when the words fit two items, and returns only the one chosen", async () => {
    clock.set("2026-01-15T17:00:00Z");
    const shop = await shopWithMixedOrder();
    const session = sessionOf(shop.maya);
    const r1 = await shop.send(shop.maya, "I want to return the mug set from order 3001, zip 10012", session);
    expect(r1.decision).toBe("ask");
    expect(say(r1)).toMatch(/Stoneware Mug Set \(Slate\) or Stoneware Mug Set \(Speckled\)/);
    const r2 = await shop.send(shop.maya, "the slate one", session);
    expect(r2.decision).toBe("confirm");
    expect(say(r2)).toMatch(/Slate/);
    expect(say(r2)).not.toMatch(/Speckled|Lamp/);
    await shop.send(shop.maya, "yes", session);
    expect(await returnedBySku(shop, "3001")).toEqual({ "LAMP-BRASS": 0, "MUG-SLATE": 1, "MUG-SPECKLED": 0 });
  });
});

describe("order facts come from the data", () => {
  it("gives an order that has not shipped no delivery date, only the usual transit time", async () => {
    clock.set("2026-01-15T17:00:00Z");
    const shop = await openShop(t);
    const r = await shop.send(shop.maya, "When will order 1001 arrive? My zip is 10012");
    expect(r.verified).toBe(true);
    expect(r.decision).toBe("answer");
    expect(say(r)).toMatch(/hasn't shipped yet, so I don't have a delivery date/);
    expect(say(r)).not.toMatch(/\d{4}-\d{2}-\d{2}|January|February|between/);
  });

  it("reads a call about an order, with its details, as a status question", async () => {
    clock.set("2026-01-15T17:00:00Z");
    const shop = await openShop(t);
    const r = await shop.send(shop.maya, "hi I'm calling about order one zero zero two my zip is one zero zero one two");
    expect(r.verified).toBe(true);
    expect(r.decision).toBe("answer");
    expect(say(r)).toMatch(/1002 is on its way with UPS/);
  });

  it("answers with the status when an order and its postal code come with no request it recognises", async () => {
    clock.set("2026-01-15T17:00:00Z");
    const shop = await openShop(t);
    const r = await shop.send(shop.maya, "hi yeah I'm calling about order one zero zero two, the zip is one zero zero one two");
    expect(r.verified).toBe(true);
    expect(say(r)).toMatch(/1002 is on its way with UPS/);
  });
});

describe("a product named inside a longer sentence", () => {
  it("is found, and the size and colour named are matched exactly", async () => {
    clock.set("2026-01-15T17:00:00Z");
    const shop = await openShop(t);
    const r = await shop.send(uniqueEmail(), "Hi, quick one: any chance you still have the Aero Running Jacket in size M in Black at the Soho store?");
    expect(say(r)).not.toMatch(/Which product do you mean/);
    expect(r.decision).toBe("answer");
    expect(say(r)).toMatch(/Aero Running Jacket \((M, Black|Black, M)\) is in stock at Soho \(3 available\)/);
  });

  it("is what the catalogue search returns for the whole sentence", async () => {
    const shop = await openShop(t);
    const connectors = await t.services.connectors.forWorkspace(shop.ws.workspaceId);
    const sentence = "Hi, quick one: is there any chance you'd still have the Aero Running Jacket in a medium in black at Soho this weekend?";
    const hits = await connectors.catalogue.search(shop.ws.workspaceId, sentence, { limit: 3 });
    expect(hits[0]?.title).toBe("Aero Running Jacket");
  });
});
