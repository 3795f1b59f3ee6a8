import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, manualClock, type TestContext } from "../../../test/helpers";
import { ensureDemoWorkspace } from "../../demo/demo-seed";
import { openShop, say, type Reply, type Shop } from "../test-support/conversation";
import { contact, getCustomer, orderStatus, staffCreatesCustomer, type Sender } from "../test-support/contact";

// Verification belongs to what was proven: each path a proof could leak along, through the REST channel.
const clock = manualClock("2026-01-15T17:00:00Z");
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({ clock });
  await t.services.agent.warmUp();
});
afterAll(async () => t?.close());

const PHONE = "+447911123456";
const MAYA_DATA = /1001|1002|1003|1004|Spring Street|on its way|being prepared/;
// A locked-out contact may hear back the order number it typed itself (1001), nothing else.
const NOT_TYPED_BY_THEM = /1002|1003|1004|Spring Street|on its way|being prepared/;

type Setup = { shop: Shop; maya: Sender; app: Sender; attacker: Sender; customerId: string };

/** Maya's record as staff made it (email and phone), and her signed-in app session. */
async function setup(): Promise<Setup> {
  const shop = await openShop(t);
  const record = await staffCreatesCustomer(t, shop, [
    { kind: "email", value: shop.maya },
    { kind: "phone", value: PHONE },
  ]);
  const email = { kind: "email", value: shop.maya };
  return {
    shop,
    customerId: record.id,
    maya: [email],
    app: [email, { kind: "device", value: `maya-app-${record.id}` }],
    attacker: [email, { kind: "device", value: `attacker-${record.id}` }],
  };
}

/** Order number + postal code given in the conversation, as the customer would. */
async function proveByOrder(s: Setup, sender: Sender, channel = "rest"): Promise<Reply> {
  const ask = await contact(t, s.shop, sender, "where is my order?", channel);
  expect(ask.decision).toBe("verify");
  const proved = await contact(t, s.shop, sender, "it's 1002, zip 10012", channel);
  expect(proved.verified).toBe(true);
  expect(say(proved)).toMatch(/1002 is on its way/);
  return proved;
}

/** A contact that is only recognised: asked for proof, shown nothing, able to change nothing. */
async function expectLockedOut(s: Setup, sender: Sender, channel = "rest") {
  const where = await contact(t, s.shop, sender, "where is my order?", channel);
  expect(where.verified).toBe(false);
  expect(where.decision).toBe("verify");
  expect(say(where)).not.toMatch(NOT_TYPED_BY_THEM);
  const cancel = await contact(t, s.shop, sender, "cancel order 1001", channel);
  expect(cancel.verified).toBe(false);
  expect(cancel.decision).not.toBe("confirm");
  const yes = await contact(t, s.shop, sender, "yes", channel);
  expect(yes.decision).not.toBe("act");
  expect(await orderStatus(t, s.shop, "1001")).toBe("processing");
}

describe("verification belongs to the proven contact, never to the customer record", () => {
  it("carries to the same session later and proves it, not the order's email", async () => {
    const s = await setup();
    await proveByOrder(s, s.app);
    clock.advance(3 * 3_600_000);
    const later = await contact(t, s.shop, s.app, "where is my order 1001?");
    expect(later.verified).toBe(true);
    expect(say(later)).toMatch(/1001 is being prepared/);

    const record = await getCustomer(t, s.shop, s.customerId);
    const email = record.identities.find((i) => i.kind === "email");
    const session = record.identities.find((i) => i.kind === "device");
    expect(email?.verificationLevel).toBe("recognised");
    expect(session).toMatchObject({ verificationLevel: "verified", verifiedMethod: "order_postcode" });
    expect(record.verification.identities).toEqual([
      expect.objectContaining({ identityId: session?.id, method: "order_postcode", carriesToContact: true }),
    ]);
  });

  it("does not verify a new device that claims the email of a customer who just verified", async () => {
    const s = await setup();
    await proveByOrder(s, s.app);
    clock.advance(60_000);
    await expectLockedOut(s, s.attacker);
    await expectLockedOut(s, s.maya);
  });

  it("does not carry proof given on the phone channel to a later email claim", async () => {
    const s = await setup();
    await proveByOrder(s, [{ kind: "phone", value: PHONE }], "sms");
    clock.advance(60_000);
    await expectLockedOut(s, s.attacker);
    // Caller ID is a claim too: the same number later proves nothing.
    await expectLockedOut(s, [{ kind: "phone", value: PHONE }], "sms");
  });

  it("does not carry proof from the REST app to an SMS from the customer's phone number", async () => {
    const s = await setup();
    await proveByOrder(s, s.app);
    clock.advance(60_000);
    await expectLockedOut(s, [{ kind: "phone", value: PHONE }], "sms");
  });

  it("lets staff verify an identity: a session carries it, an email does not, and the record says how", async () => {
    const s = await setup();
    const first = await contact(t, s.shop, s.app, "hello");
    const record = await getCustomer(t, s.shop, first.customerId);
    expect(first.customerId).toBe(s.customerId);
    for (const identity of record.identities.filter((i) => i.kind !== "phone")) {
      const response = await t.app.inject({
        method: "POST",
        url: `/api/v1/customers/${s.customerId}/identities/${identity.id}/verify`,
        headers: s.shop.ws.headers,
        payload: {},
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    const view = await getCustomer(t, s.shop, s.customerId);
    expect(view.verification.level).toBe("verified");
    expect(
      Object.fromEntries(view.verification.identities.map((p) => [p.kind, [p.method, p.carriesToContact]])),
    ).toEqual({ email: ["staff", false], device: ["staff", true] });

    const mine = await contact(t, s.shop, s.app, "where is my order 1001?");
    expect(mine.verified).toBe(true);
    expect(say(mine)).toMatch(/1001 is being prepared/);
    await expectLockedOut(s, s.attacker);
  });

  it("lets a phone confirmed by a one-time code carry its proof", async () => {
    const s = await setup();
    const record = await getCustomer(t, s.shop, s.customerId);
    const phone = record.identities.find((i) => i.kind === "phone");
    const response = await t.app.inject({
      method: "POST",
      url: `/api/v1/customers/${s.customerId}/identities/${phone?.id}/verify`,
      headers: s.shop.ws.headers,
      payload: { method: "one_time_code" },
    });
    expect(response.statusCode, response.body).toBe(200);
    const sms = await contact(t, s.shop, [{ kind: "phone", value: PHONE }], "where is my order 1001?", "sms");
    expect(sms.verified).toBe(true);
    await expectLockedOut(s, s.attacker);
  });

  it("lapses when the trust window ends, and a claim never fills the gap inside it", async () => {
    const s = await setup();
    const patched = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/workspace/settings",
      headers: s.shop.ws.headers,
      payload: { verificationTrustHours: 2 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await proveByOrder(s, s.app);
    clock.advance(90 * 60_000);
    await expectLockedOut(s, s.attacker);
    expect((await contact(t, s.shop, s.app, "where is my order 1001?")).verified).toBe(true);
    clock.advance(31 * 60_000);
    const lapsed = await contact(t, s.shop, s.app, "where is my order 1001?");
    expect(lapsed.verified).toBe(false);
    expect(lapsed.decision).toBe("verify");
    expect(say(lapsed)).not.toMatch(/being prepared/);
  });

  it("does not verify a second case of the same customer opened by a claim", async () => {
    const s = await setup();
    const proved = await proveByOrder(s, s.app);
    const closed = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/cases/${proved.caseId}`,
      headers: s.shop.ws.headers,
      payload: { status: "resolved" },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const second = await contact(t, s.shop, s.attacker, "where is my order?");
    expect(second.caseId).not.toBe(proved.caseId);
    expect(second.verified).toBe(false);
    expect(say(second)).not.toMatch(MAYA_DATA);
    // The proven session is still itself in the new case; the claim beside it still is not.
    expect((await contact(t, s.shop, s.app, "where is my order 1001?")).verified).toBe(true);
    await expectLockedOut(s, s.attacker);
  });

  it("lets order number + postal code verify only the message's own contact", async () => {
    const s = await setup();
    // Without a session the proof covers the message it came in, and nothing after it.
    const proved = await proveByOrder(s, s.maya);
    const next = await contact(t, s.shop, s.maya, "and order 1001?");
    expect(next.caseId).toBe(proved.caseId);
    expect(next.verified).toBe(false);
    expect(say(next)).not.toMatch(/being prepared/);
    const timeline = await t.app.inject({ url: `/api/v1/customers/${s.customerId}/timeline`, headers: s.shop.ws.headers });
    const events = (timeline.json() as { events: { kind: string; caseId: string | null; data: Record<string, unknown> }[] }).events;
    expect(events.filter((e) => e.kind === "customer.verified")).toEqual([
      expect.objectContaining({ caseId: proved.caseId, data: expect.objectContaining({ method: "order_postcode", scope: "message" }) }),
    ]);

    // With a session, the proof stays with that session in this case; another device in the same case gets nothing.
    await proveByOrder(s, s.app);
    const other = await contact(t, s.shop, s.attacker, "what about order 1001?");
    expect(other.caseId).toBe(proved.caseId);
    expect(other.verified).toBe(false);
    expect(say(other)).not.toMatch(/being prepared/);
    const record = await getCustomer(t, s.shop, s.customerId);
    expect(record.identities.filter((i) => i.verificationLevel === "verified").map((i) => i.kind)).toEqual(["device"]);
  });

  it("closes the reported hole on the demo data: Maya's email from a new device lists and cancels nothing", async () => {
    const demo = await ensureDemoWorkspace(t.services, { slug: `demo-${randomBytes(4).toString("hex")}` });
    const headers = { authorization: `Bearer ${demo.credentials?.apiKey ?? ""}` };
    const post = async (sender: Sender, text: string) => {
      const response = await t.app.inject({ method: "POST", url: "/api/v1/channels/rest/messages", headers, payload: { sender, text } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as Reply;
    };
    const email = { kind: "email", value: "maya.chen@example.com" };
    const claim = [email, { kind: "device", value: `new-${randomBytes(4).toString("hex")}` }];
    const where = await post(claim, "where is my order?");
    expect(where.verified).toBe(false);
    expect(say(where)).not.toMatch(/1001|1002|Greene Street/);
    await post(claim, "cancel order 1001");
    const yes = await post(claim, "yes");
    expect(yes.decision).not.toBe("act");
    const order = await t.app.inject({ url: "/api/v1/orders/1001", headers });
    expect((order.json() as { orders: { status: string }[] }).orders[0]?.status).toBe("processing");
    // Her own signed-in session (verified at seed time) still is her.
    const mine = await post([email, { kind: "device", value: "web-7f3a9c" }], "where is my order 1001?");
    expect(mine.verified).toBe(true);
  });
});
