import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, manualClock, uniqueEmail, type TestContext } from "../../test/helpers";
import { createImportService } from "../connectors";
import { openShop, say, type Shop } from "./test-support/conversation";

// Multi-turn conversations through the REST channel, on a real database with the real retail
// tools, knowledge base and policies. The clock is Thursday 15 January 2026, 12:00 in New York.
let t: TestContext;
let shop: Shop;
const clock = manualClock("2026-01-15T17:00:00Z");

beforeAll(async () => {
  t = await createTestContext({ clock });
  await t.services.agent.warmUp();
  shop = await openShop(t);
});
afterAll(async () => t?.close());

describe("orders", () => {
  it("lists a verified customer's recent orders for 'where is my order' and answers the one chosen", async () => {
    await shop.verified(shop.maya);
    const r1 = await shop.send(shop.maya, "where is my order?");
    expect(r1.decision).toBe("ask");
    expect(say(r1)).toMatch(/Which one/);
    expect(say(r1)).toContain("1002");
    const r2 = await shop.send(shop.maya, "1002");
    expect(r2.decision).toBe("answer");
    expect(say(r2)).toMatch(/1002 is on its way/);
    const r3 = await shop.send(shop.maya, "when will it arrive?");
    expect(r3.understanding.intent).toMatch(/delivery_window|order_status/);
    expect(say(r3)).toMatch(/1002/);
    // Several orders are known now: "the other one" is the one discussed before 1002.
    const r4 = await shop.send(shop.maya, "and the other order?");
    expect(r4.understanding.resolved.orderNumber).toMatch(/the other order/);
    expect(say(r4)).not.toMatch(/^Order 1002/);
  });
});

describe("late orders", () => {
  it("says a processing order is running late without promising a date that has passed", async () => {
    const s = await openShop(t);
    await createImportService({ db: t.services.db, clock }).importRecords(s.ws.workspaceId, "orders", [
      {
        number: "1090",
        status: "processing",
        placedAt: "2026-01-08T10:00:00Z",
        promisedDeliveryAt: "2026-01-13T22:00:00Z",
        customer: { email: s.maya },
        shippingAddress: { line1: "5 Spring Street", city: "New York", postalCode: "10012", country: "US" },
        lines: [{ id: "L1", sku: "JKT-M-BLK", title: "Aero Running Jacket", quantity: 1, unitPrice: 120 }],
      },
    ]);
    await s.verified(s.maya);
    const reply = await s.send(s.maya, "where is my order 1090?");
    expect(say(reply)).toMatch(/running late/);
    expect(say(reply)).not.toMatch(/Expected delivery/);
  });
});

describe("two requests in one message", () => {
  it("answers the secondary request too when it needs no further question", async () => {
    const s = await openShop(t);
    await s.verified(s.maya);
    const r = await s.send(s.maya, "Where is my order 1002? Also, what time does the Soho store open today?");
    expect(r.understanding.intent).toBe("order_status");
    expect(r.understanding).toMatchObject({ secondary: { intent: "store_hours" } });
    expect(say(r)).toMatch(/1002 is on its way/);
    expect(say(r)).toMatch(/Soho is open.*20:00/);
  });
});

describe("actions need an explicit confirmation turn", () => {
  it("cancels a processing order only after the customer says yes", async () => {
    const s = await openShop(t);
    await s.verified(s.maya);
    const r1 = await s.send(s.maya, "please cancel order 1001");
    expect(r1.decision).toBe("confirm");
    expect(say(r1)).toMatch(/cancel order 1001/i);
    const r2 = await s.send(s.maya, "yes please");
    expect(r2.decision).toBe("act");
    expect(say(r2)).toMatch(/order 1001 is cancelled/);
    const turns = await t.services.agent.turns(s.ws.workspaceId, r2.caseId);
    expect(turns.at(-1)?.tools.some((x) => x.name === "order.cancel" && x.ok)).toBe(true);
  });

  it("does nothing when the customer says no", async () => {
    const s = await openShop(t);
    await s.verified(s.maya);
    await s.send(s.maya, "cancel my order 1001");
    const r2 = await s.send(s.maya, "no, keep it");
    expect(r2.reason).toBe("action_declined");
    const status = await s.send(s.maya, "what's the status of order 1001?");
    expect(say(status)).toMatch(/being prepared/);
  });

  it("refuses to cancel a delivered order and explains the policy rule", async () => {
    const s = await openShop(t);
    await s.verified(s.maya);
    const r = await s.send(s.maya, "I want to cancel order 1004");
    expect(r.decision).toBe("refuse");
    expect(say(r)).toMatch(/can't be cancelled because it is delivered/);
    expect(say(r)).toMatch(/Our policy: an order can be cancelled only while it is pending or processing/);
  });

  it("changes the shipping address before shipment after confirmation", async () => {
    const s = await openShop(t);
    await s.verified(s.maya);
    const r1 = await s.send(s.maya, "can I change the delivery address for order 1001?");
    expect(r1.decision).toBe("ask");
    expect(say(r1)).toMatch(/new address/);
    const r2 = await s.send(s.maya, "send it to 40 Bond Street, New York 10012");
    expect(r2.decision).toBe("confirm");
    expect(say(r2)).toMatch(/40 Bond Street/);
    const r3 = await s.send(s.maya, "yes");
    expect(r3.decision).toBe("act");
    expect(say(r3)).toMatch(/new address/);
  });

  it("starts a return after checking eligibility, and refuses one outside the window with the rule", async () => {
    const s = await openShop(t);
    await s.verified(s.maya);
    const r1 = await s.send(s.maya, "I'd like to return the jacket from order 1004");
    expect(r1.decision).toBe("confirm");
    const r2 = await s.send(s.maya, "yes");
    expect(r2.decision).toBe("act");
    expect(say(r2)).toMatch(/return for order 1004 is started/);
    const r3 = await s.send(s.maya, "and return order 1003 too");
    expect(r3.decision).toBe("refuse");
    expect(say(r3)).toMatch(/can't be returned/);
  });

  it("sets up an exchange for another size", async () => {
    const s = await openShop(t);
    await s.verified(s.maya);
    const r1 = await s.send(s.maya, "can I exchange the jacket from order 1004 for a size S?");
    expect(r1.decision, say(r1)).toBe("confirm");
    expect(say(r1)).toMatch(/exchange/i);
    const r2 = await s.send(s.maya, "yes");
    expect(r2.decision, say(r2)).toBe("act");
    expect(say(r2)).toMatch(/exchange for order 1004 is set up/);
  });
});

describe("stores and products", () => {
  it("says whether the Soho store is open now, and carries the store to 'what about Monday?' (a holiday)", async () => {
    const who = uniqueEmail();
    const r1 = await shop.send(who, "is the Soho store open now?");
    expect(r1.understanding.intent).toBe("store_hours");
    expect(say(r1)).toMatch(/Yes, Soho is open now until 20:00/);
    const r2 = await shop.send(who, "what about Monday?");
    expect(say(r2)).toMatch(/Soho is closed on Monday 19 January for Martin Luther King Jr\. Day/);
    const r3 = await shop.send(who, "what about tomorrow?");
    expect(say(r3)).toMatch(/Soho is open 10:00–20:00 on Friday 16 January/);
  });

  it("answers in the channel's style: short on SMS, fuller on web chat", async () => {
    const s = await openShop(t);
    await s.verified(s.maya);
    const web = await s.send(s.maya, "where is order 1002?", { channel: "web_chat" });
    const sms = await s.send(s.maya, "where is order 1002?", { channel: "sms" });
    expect(say(web)).toMatch(/Carrier: UPS, tracking number 1Z999/);
    expect(say(sms)).not.toMatch(/Carrier:/);
    expect(say(sms).length).toBeLessThan(say(web).length);
    expect(say(sms).length).toBeLessThanOrEqual(320);
  });

  it("answers a redelivered message once", async () => {
    const who = uniqueEmail();
    const first = await shop.send(who, "is the Soho store open now?", { externalId: "m-1" });
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/channels/rest/messages",
      headers: shop.ws.headers,
      payload: {
        sender: [{ kind: "email", value: who }],
        text: "is the Soho store open now?",
        externalId: "m-1",
      },
    });
    expect(response.statusCode).toBe(200);
    const again = response.json() as { turnId: string; duplicate: boolean };
    expect(again.duplicate).toBe(true);
    expect(again.turnId).toBe(first.turnId);
  });

  it("finds the nearest store from the mobile app's location, concisely", async () => {
    const r = await shop.send(uniqueEmail(), "where is your nearest store?", {
      channel: "mobile",
      context: { location: { latitude: 40.7812, longitude: -73.9797 } },
    });
    expect(r.understanding.intent).toBe("store_location");
    expect(say(r)).toMatch(/^Your nearest store is Upper West Side/);
    expect(say(r)).not.toContain("\n");
  });

  it("resolves 'this' to the product on the page and checks stock at a store", async () => {
    const r = await shop.send(uniqueEmail(), "is this available in medium at the Soho store?", {
      context: { page: { url: "https://shop.example/p/aero-jacket", productId: "P-JACKET" } },
    });
    expect(r.understanding.intent).toBe("product_availability");
    expect(r.understanding.resolved.product).toMatch(/P-JACKET/);
    expect(say(r)).toMatch(/Yes, Aero Running Jacket \(M, Black\) is in stock at Soho \(3 available\)/);
  });

  it("takes a correction: 'no, the blue one'", async () => {
    const who = uniqueEmail();
    await shop.send(who, "is this available in medium at the Soho store?", {
      context: { page: { productId: "P-JACKET" } },
    });
    const r = await shop.send(who, "no, the blue one", { context: { page: { productId: "P-JACKET" } } });
    expect(r.understanding.intent).toBe("product_availability");
    expect(say(r)).toMatch(/Blue/);
    expect(say(r)).toMatch(/out of stock at Soho/);
    expect(say(r)).toMatch(/Upper West Side/);
  });

  it("answers a product question from the catalogue", async () => {
    const r = await shop.send(uniqueEmail(), "tell me about the aero running jacket");
    expect(r.understanding.intent).toBe("product_info");
    expect(say(r)).toMatch(/Aero Running Jacket costs \$120\.00/);
  });
});

describe("knowledge", () => {
  it("lists only the promotions in force, recording the knowledge versions used", async () => {
    const s = await openShop(t);
    const k = t.services.knowledge;
    await k.createEntry(
      s.ws.workspaceId,
      {
        kind: "promotion",
        slug: "winter-sale",
        title: "Winter sale",
        body: "20% off all outerwear until 31 January.",
        effectiveFrom: new Date("2026-01-01T00:00:00Z"),
        effectiveTo: new Date("2026-02-01T00:00:00Z"),
      },
      "test",
      { publish: true },
    );
    await k.createEntry(
      s.ws.workspaceId,
      {
        kind: "promotion",
        slug: "summer-sale",
        title: "Summer sale",
        body: "30% off swimwear.",
        effectiveFrom: new Date("2026-06-01T00:00:00Z"),
      },
      "test",
      { publish: true },
    );
    const r = await s.send(uniqueEmail(), "do you have any promotions at the moment?");
    expect(r.understanding.intent).toBe("promotions");
    expect(say(r)).toMatch(/Winter sale: 20% off all outerwear/);
    expect(say(r)).not.toMatch(/Summer/);
    const turns = await t.services.agent.turns(s.ws.workspaceId, r.caseId);
    expect(turns.at(-1)?.knowledge).toEqual([expect.objectContaining({ version: 1, title: "Winter sale" })]);
  });
});

describe("escalation", () => {
  it("escalates negative sentiment that persists", async () => {
    const who = uniqueEmail();
    const r1 = await shop.send(who, "this is ridiculous, my order is late again and nobody helps");
    expect(r1.escalated).toBe(false);
    const r2 = await shop.send(who, "this is terrible, worst service ever, I'm so angry");
    expect(r2.escalated).toBe(true);
    expect(r2.reason).toMatch(/sentiment/);
    expect(r2.caseStatus).toBe("escalated");
    const timeline = await t.services.timeline.list(shop.ws.workspaceId, r2.customerId, { limit: 50 });
    const kinds = timeline.events.map((e) => e.kind);
    expect(kinds).toContain("agent.replied");
    expect(kinds).toContain("case.escalated");
    const after = await shop.send(who, "hello?");
    expect(after.decision).toBe("handoff_pending");
  });

  it("escalates when the same need fails twice", async () => {
    const s = await openShop(t);
    await s.verified(s.maya);
    const r1 = await s.send(s.maya, "where is order 7777?");
    expect(r1.escalated).toBe(false);
    const r2 = await s.send(s.maya, "order 7778 then, where is it?");
    expect(r2.escalated).toBe(true);
    expect(r2.reason).toBe("same_need_failed_twice");
  });

  it("escalates after two turns it could not understand", async () => {
    const who = uniqueEmail();
    const r1 = await shop.send(who, "blorp fizzle wump");
    expect(r1.escalated).toBe(false);
    const r2 = await shop.send(who, "zorp quibble frazzle");
    expect(r2.escalated).toBe(true);
  });

  it("hands a request the AI may not carry out to a person", async () => {
    const r = await shop.send(
      uniqueEmail(),
      "I was charged twice for my order, there's a problem with my payment",
    );
    expect(r.escalated).toBe(true);
  });
});
