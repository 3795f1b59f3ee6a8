import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, manualClock, uniqueEmail, type TestContext } from "../../../test/helpers";
import { createImportService } from "../../connectors";
import { openShop, say, type Reply, type Shop } from "../test-support/conversation";

// Multi-turn conversations through the REST channel on a real database with the real tools: how a
// short answer is read by the question just asked, confirmations, offers followed through, policy
// questions answered without verification, two requests in one message and holiday opening hours.
let t: TestContext;
const clock = manualClock("2026-01-15T17:00:00Z"); // Thursday, 12:00 in New York

beforeAll(async () => {
  t = await createTestContext({ clock });
  await t.services.agent.warmUp();
});
afterAll(async () => t?.close());

const fresh = async (): Promise<Shop> => {
  clock.set("2026-01-15T17:00:00Z");
  return openShop(t);
};

async function order(shop: Shop, number: string) {
  const connectors = await t.services.connectors.forWorkspace(shop.ws.workspaceId);
  return connectors.orders.getOrder(shop.ws.workspaceId, number);
}
const orderAddress = async (shop: Shop, number: string) => (await order(shop, number))?.shippingAddress;

describe("a short answer is read by the question just asked", () => {
  it.each([["Zip code: 10012"], ["10012"], ["It's 10012"], ["zip code 10012"], ["postal code 10012"], ["one zero zero one two"]])(
    "verifies with %j after the agent asked for the postal code",
    async (answer) => {
      const shop = await fresh();
      const r1 = await shop.send(shop.maya, "where is order 1002?");
      expect(r1.decision).toBe("verify");
      expect(say(r1)).toMatch(/postal code order 1002 ships to/);
      const r2 = await shop.send(shop.maya, answer);
      expect(r2.verified).toBe(true);
      expect(r2.decision).toBe("answer");
      expect(say(r2)).toMatch(/1002 is on its way/);
    },
  );

  it("reads a bare postal code as the answer to 'what's your postal code?' when finding a store", async () => {
    const shop = await fresh();
    const who = uniqueEmail();
    const r1 = await shop.send(who, "where is your nearest store?");
    expect(r1.decision).toBe("ask");
    const r2 = await shop.send(who, "10023");
    expect(r2.decision).toBe("answer");
    expect(say(r2)).toMatch(/nearest store is Upper West Side/);
  });

  it("reads an order number and postal code spoken in words", async () => {
    const shop = await fresh();
    const r = await shop.send(shop.maya, "where's my order? the order number is one zero zero two and the zip is one zero zero one two");
    expect(r.verified).toBe(true);
    expect(say(r)).toMatch(/1002 is on its way/);
  });

  it("keeps the order in hand when the postal code was wrong, so a corrected one works", async () => {
    const shop = await fresh();
    const r1 = await shop.send(shop.maya, "where is order 1002? zip code 10013");
    expect(r1.verified).toBe(false);
    expect(say(r1)).toMatch(/couldn't match/);
    const r2 = await shop.send(shop.maya, "sorry, it's 10012");
    expect(r2.verified).toBe(true);
    expect(say(r2)).toMatch(/1002 is on its way/);
  });

  it("never takes the postal code inside a new address as the verification postal code", async () => {
    const shop = await fresh();
    // A web-chat session carries the proof from one message to the next.
    const session = { sender: [{ kind: "email", value: shop.maya }, { kind: "device", value: `session-${uniqueEmail().slice(0, 12)}` }] };
    const r1 = await shop.send(shop.maya, "Please change the address of order 1001 to 21 Spring Street, New York, NY 10012", session);
    expect(r1.verified).toBe(false);
    expect(r1.decision).toBe("verify");
    const r2 = await shop.send(shop.maya, "10012", session);
    expect(r2.verified).toBe(true);
    expect(r2.decision).toBe("confirm");
    expect(say(r2)).toMatch(/21 Spring Street, New York, NY 10012/);
    const r3 = await shop.send(shop.maya, "yes, go ahead", session);
    expect(r3.decision).toBe("act");
    expect(await orderAddress(shop, "1001")).toMatchObject({ line1: "21 Spring Street", region: "NY", postalCode: "10012" });
  });
});

describe("confirmations and offers", () => {
  it.each([["Yes, go ahead"], ["yep do it"], ["sure"], ["please do"], ["ok, sounds good"]])("%j confirms a cancellation", async (yes) => {
    const shop = await fresh();
    await shop.verified(shop.maya);
    const r1 = await shop.send(shop.maya, "please cancel order 1001");
    expect(r1.decision).toBe("confirm");
    const r2 = await shop.send(shop.maya, yes);
    expect(r2.decision).toBe("act");
    expect(say(r2)).toMatch(/order 1001 is cancelled/);
  });

  it.each([["no thanks"], ["nah"], ["No, leave it"]])("%j leaves the order as it is", async (no) => {
    const shop = await fresh();
    await shop.verified(shop.maya);
    await shop.send(shop.maya, "please cancel order 1001");
    const r2 = await shop.send(shop.maya, no);
    expect(r2.reason).toBe("action_declined");
    expect((await order(shop, "1001"))?.status).toBe("processing");
  });

  it("after refusing a cancellation it offers a return, and 'yes' starts it", async () => {
    const shop = await fresh();
    await shop.verified(shop.maya);
    const r1 = await shop.send(shop.maya, "cancel order 1004");
    expect(r1.decision).toBe("refuse");
    expect(say(r1)).toMatch(/return instead\?/);
    const r2 = await shop.send(shop.maya, "yes please");
    expect(r2.decision).toBe("confirm");
    expect(say(r2)).toMatch(/Start a return for Aero Running Jacket/);
    const r3 = await shop.send(shop.maya, "yes");
    expect(r3.decision).toBe("act");
    expect(say(r3)).toMatch(/return for order 1004 is started/);
  });

  it("takes up its own offer to pass a question to the team on 'Yes, go ahead', never reading it as goodbye", async () => {
    const shop = await fresh();
    const who = uniqueEmail();
    const r1 = await shop.send(who, "what payment methods do you accept?");
    expect(say(r1)).toMatch(/pass it to a member of our team/);
    const r2 = await shop.send(who, "Yes, go ahead");
    expect(r2.understanding.intent).not.toBe("goodbye");
    expect(say(r2)).not.toMatch(/Goodbye/);
    expect(r2.escalated).toBe(true);
    expect(r2.reason).toBe("customer_requested_human");
  });

  it("does not read a yes with nothing asked as goodbye", async () => {
    const shop = await fresh();
    const r = await shop.send(uniqueEmail(), "Yes, go ahead");
    expect(say(r)).not.toMatch(/Goodbye/);
    expect(r.decision).toBe("ask");
  });

  it("understands a bare new address given in answer to its own question, keeping the state", async () => {
    const shop = await fresh();
    await shop.verified(shop.maya);
    const r1 = await shop.send(shop.maya, "I need to change the shipping address for order 1001");
    expect(r1.decision).toBe("ask");
    const r2 = await shop.send(shop.maya, "55 Oak Avenue Apt 4, Springfield, IL 62704");
    expect(r2.decision).toBe("confirm");
    expect(say(r2)).toMatch(/55 Oak Avenue, Apt 4, Springfield, IL 62704/);
    const r3 = await shop.send(shop.maya, "yes");
    expect(r3.decision).toBe("act");
    expect(await orderAddress(shop, "1001")).toMatchObject({ line1: "55 Oak Avenue", line2: "Apt 4", city: "Springfield", region: "IL", postalCode: "62704" });
  });
});

describe("low understanding", () => {
  it("offers concrete readings before handing over, and takes the one picked", async () => {
    const shop = await fresh();
    const who = uniqueEmail();
    const r1 = await shop.send(who, "so about that order and money");
    expect(r1.decision).toBe("ask");
    expect(r1.escalated).toBe(false);
    const offered = /Is it about (.+), or (.+)\?/.exec(say(r1));
    expect(offered, say(r1)).not.toBeNull();
    const r2 = await shop.send(who, "the second one");
    expect(r2.reason).not.toBe("low_confidence");
    expect(r2.understanding.resolved.intent).toMatch(/\(chosen\)/);
  });
});

describe("general questions need no verification", () => {
  it("answers the return window from the published policy", async () => {
    const shop = await fresh();
    const r = await shop.send(uniqueEmail(), "How long do I have to return shoes?");
    expect(r.decision).toBe("answer");
    expect(say(r)).toMatch(/within \d+ days/);
    expect(say(r)).not.toMatch(/order number/);
  });

  it("answers a shipping question from the knowledge base", async () => {
    const shop = await fresh();
    await t.services.knowledge.createEntry(
      shop.ws.workspaceId,
      { kind: "article", slug: "shipping", title: "Shipping", body: "Standard shipping is free on orders over $75. Express shipping costs $15." },
      "test",
      { publish: true },
    );
    const r = await shop.send(uniqueEmail(), "how much do I have to spend to get free shipping?");
    expect(r.decision).toBe("answer");
    expect(say(r)).toMatch(/\$75/);
  });

  it("does not answer a price-match question with an unrelated promotion", async () => {
    const shop = await fresh();
    await t.services.knowledge.createEntry(
      shop.ws.workspaceId,
      { kind: "promotion", slug: "winter-sale", title: "Winter sale", body: "20% off all outerwear until 31 January.", effectiveFrom: new Date("2026-01-01T00:00:00Z") },
      "test",
      { publish: true },
    );
    const r1 = await shop.send(uniqueEmail(), "Do you price match if I find it cheaper somewhere else?");
    expect(say(r1)).not.toMatch(/Winter sale/);
    expect(say(r1)).toMatch(/price[- ]match/i);
    await t.services.knowledge.createEntry(
      shop.ws.workspaceId,
      { kind: "article", slug: "price-match", title: "Price match", body: "We match the price of identical items sold by major retailers within 14 days of purchase." },
      "test",
      { publish: true },
    );
    const r2 = await shop.send(uniqueEmail(), "do you guys do price matching?");
    expect(say(r2)).toMatch(/within 14 days of purchase/);
    expect(say(r2)).not.toMatch(/Winter sale/);
  });
});

describe("two requests in one message", () => {
  it("answers both, and 'at the moment' in one half does not turn the other into 'open now'", async () => {
    const shop = await fresh();
    await t.services.knowledge.createEntry(
      shop.ws.workspaceId,
      { kind: "promotion", slug: "winter-sale", title: "Winter sale", body: "20% off all outerwear until 31 January.", effectiveFrom: new Date("2026-01-01T00:00:00Z") },
      "test",
      { publish: true },
    );
    const r = await shop.send(uniqueEmail(), "What are the Soho store's hours on Tuesday? Also, are there any promotions at the moment?");
    const reply = say(r);
    expect(reply).toMatch(/Soho is open 10:00–20:00 on Tuesday 20 January/);
    expect(reply).not.toMatch(/open now|closed right now/);
    expect(reply).toMatch(/Winter sale/);
  });

  it("answers an order question and a store question asked together", async () => {
    const shop = await fresh();
    await shop.verified(shop.maya);
    const r = await shop.send(shop.maya, "Where is order 1002? Also, is the Upper West Side store open on Sunday?");
    const reply = say(r);
    expect(reply).toMatch(/1002 is on its way/);
    expect(reply).toMatch(/Upper West Side is closed on Sunday 18 January/);
  });
});

describe("two requests when one needs verification", () => {
  it("answers the store question at once and asks for the postal code for the order", async () => {
    const shop = await fresh();
    const r1 = await shop.send(shop.maya, "Where is order 1002? Also, is the Upper West Side store open on Sunday?");
    expect(r1.decision).toBe("verify");
    expect(say(r1)).toMatch(/Upper West Side is closed on Sunday 18 January/);
    expect(say(r1)).toMatch(/postal code order 1002 ships to\?$/);
    const r2 = await shop.send(shop.maya, "10012");
    expect(r2.verified).toBe(true);
    expect(say(r2)).toMatch(/1002 is on its way/);
  });
});

describe("holiday opening hours", () => {
  async function holidayShop(): Promise<Shop> {
    const shop = await fresh();
    const imports = createImportService({ db: t.services.db, clock: t.services.clock });
    const day = [{ open: "10:00", close: "20:00" }];
    await imports.importRecords(shop.ws.workspaceId, "stores", [
      {
        code: "NYC-CHELSEA",
        name: "Chelsea",
        address: { line1: "200 Eighth Avenue", city: "New York", region: "NY", postalCode: "10011", country: "US" },
        latitude: 40.7437,
        longitude: -74.0005,
        timezone: "America/New_York",
        hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
        holidays: [
          { date: "2026-12-25", name: "Christmas Day", closed: true },
          { date: "2026-12-31", name: "New Year's Eve", periods: [{ open: "10:00", close: "16:00" }] },
        ],
      },
    ]);
    return shop;
  }

  it("answers for Christmas Day and New Year's Eve, not today", async () => {
    const shop = await holidayShop();
    clock.set("2026-12-23T15:00:00Z"); // a Wednesday
    const who = uniqueEmail();
    const r1: Reply = await shop.send(who, "Is the Chelsea store open on Christmas Day?");
    expect(say(r1)).toMatch(/Chelsea is closed on Friday 25 December/);
    clock.set("2026-12-26T15:00:00Z");
    const r2 = await shop.send(who, "and on New Year's Eve?");
    expect(say(r2)).toMatch(/Chelsea is open 10:00–16:00 on Thursday 31 December/);
  });
});
