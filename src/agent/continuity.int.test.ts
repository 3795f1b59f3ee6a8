import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, manualClock, type TestContext } from "../../test/helpers";
import { openShop, say, type Shop } from "./test-support/conversation";
import { contact, staffCreatesCustomer, type Sender } from "./test-support/contact";

// Continuity across channels through the REST channel: one customer, one case, nothing asked twice,
// and nothing personal before the contact on the new channel has proven itself.
const clock = manualClock("2026-01-15T17:00:00Z");
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({ clock });
  await t.services.agent.warmUp();
}, 600_000);
afterAll(async () => t?.close());

const PHONE = "+447911123456";
const PERSONAL = /on its way|UPS|1Z999|Spring Street|Aero Running Jacket/;
const ASKS_WHICH_ORDER = /order number|which order/i;

/** Maya on file (email, phone) with her site session verified by the retailer's signed token. */
async function mayaWithSignedSession(shop: Shop) {
  const session = `web-${randomBytes(5).toString("hex")}`;
  const record = await staffCreatesCustomer(t, shop, [
    { kind: "email", value: shop.maya },
    { kind: "phone", value: PHONE },
    { kind: "device", value: session },
  ], "Maya Chen");
  const device = record.identities.find((i) => i.kind === "device");
  const verified = await t.app.inject({
    method: "POST",
    url: `/api/v1/customers/${record.id}/identities/${device?.id}/verify`,
    headers: shop.ws.headers,
    payload: { method: "signed_token" },
  });
  expect(verified.statusCode, verified.body).toBe(200);
  clock.advance(60_000);
  const chat: Sender = [{ kind: "email", value: shop.maya }, { kind: "device", value: session }];
  return { record, chat, phone: [{ kind: "phone", value: PHONE }] as Sender };
}

async function lastCode(shop: Shop): Promise<string> {
  const [latest] = await t.services.oneTimeCodes.deliveries(shop.ws.workspaceId, 1);
  const code = /\b(\d{6})\b/.exec(String((latest?.payload as { body?: string } | undefined)?.body))?.[1];
  if (!code) throw new Error("no code was queued");
  return code;
}

describe("continuity scenario 1: a late order in the chat, then a text from the profile's phone the next day", () => {
  it("continues the same case without asking which order; details wait for a code to the phone on file", async () => {
    const shop = await openShop(t);
    const { record, chat, phone } = await mayaWithSignedSession(shop);
    const day1 = await contact(t, shop, chat, "my order 1002 is late, where is it?", "web_chat");
    expect(day1.verified).toBe(true);
    expect(day1.customerId).toBe(record.id);
    expect(say(day1)).toMatch(/1002 is on its way/);

    clock.advance(20 * 3_600_000);
    const day2 = await contact(t, shop, phone, "any update? it still hasn't arrived", "sms");
    expect(day2.caseId).toBe(day1.caseId);
    expect(day2.verified).toBe(false);
    expect(say(day2)).not.toMatch(ASKS_WHICH_ORDER);
    expect(say(day2)).not.toMatch(PERSONAL);
    expect(say(day2)).not.toMatch(/1002/);
    expect(say(day2)).toMatch(/send me a code/);

    const sent = await contact(t, shop, phone, "ok send me a code", "sms");
    expect(sent.reason).toBe("code_sent");
    expect(say(sent)).not.toMatch(PERSONAL);
    const proved = await contact(t, shop, phone, await lastCode(shop), "sms");
    expect(proved.caseId).toBe(day1.caseId);
    expect(proved.verified).toBe(true);
    expect(say(proved)).toMatch(/1002 is on its way/);
    expect(say(proved)).not.toMatch(ASKS_WHICH_ORDER);

    // The phone is now code-confirmed: later texts are verified by it.
    clock.advance(60 * 60_000);
    const later = await contact(t, shop, phone, "when will it arrive?", "sms");
    expect(later.caseId).toBe(day1.caseId);
    expect(later.verified).toBe(true);
    expect(say(later)).not.toMatch(ASKS_WHICH_ORDER);
  });

  it("continues at once when the phone was confirmed by a code earlier, and a caller ID alone never inherits the chat's proof", async () => {
    const shop = await openShop(t);
    const { record, chat, phone } = await mayaWithSignedSession(shop);
    const phoneIdentity = record.identities.find((i) => i.kind === "phone");
    const confirmed = await t.app.inject({
      method: "POST",
      url: `/api/v1/customers/${record.id}/identities/${phoneIdentity?.id}/verify`,
      headers: shop.ws.headers,
      payload: { method: "one_time_code" },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const day1 = await contact(t, shop, chat, "my order 1002 is late, where is it?", "web_chat");
    expect(say(day1)).toMatch(/1002 is on its way/);
    clock.advance(20 * 3_600_000);
    const day2 = await contact(t, shop, phone, "any update? it still hasn't arrived", "sms");
    expect(day2.caseId).toBe(day1.caseId);
    expect(day2.verified).toBe(true);
    expect(say(day2)).toMatch(/1002/);
    expect(say(day2)).not.toMatch(ASKS_WHICH_ORDER);

    // Another number claiming Maya's email in the same case learns nothing.
    const stranger: Sender = [{ kind: "email", value: shop.maya }, { kind: "phone", value: "+14155550123" }];
    const probe = await contact(t, shop, stranger, "any update on it?", "sms");
    expect(probe.caseId).toBe(day1.caseId);
    expect(probe.verified).toBe(false);
    expect(say(probe)).not.toMatch(PERSONAL);
    expect(say(probe)).not.toMatch(/1002/);
  });
});

describe("continuity scenario 2: an anonymous visitor proves an order and joins the case of their earlier email", () => {
  it("links the visitor to the order's customer and folds the chat into the email's case", async () => {
    const shop = await openShop(t);
    const maya = await staffCreatesCustomer(t, shop, [{ kind: "email", value: shop.maya }], "Maya Chen");
    clock.advance(60_000);
    const email = await t.app.inject({
      method: "POST",
      url: "/api/v1/inbound",
      headers: shop.ws.headers,
      payload: {
        channel: "email",
        identities: [{ kind: "email", value: shop.maya }],
        subject: "Order 1002 has not arrived",
        text: "Hello, my order 1002 hasn't arrived yet. Can you check?",
        orderRef: "1002",
        externalId: `<${randomBytes(6).toString("hex")}@mail.example.com>`,
      },
    });
    expect(email.statusCode, email.body).toBe(201);
    const emailCase = (email.json() as { case: { id: string; customerId: string } }).case;
    expect(emailCase.customerId).toBe(maya.id);

    clock.advance(2 * 3_600_000);
    const visitor: Sender = [{ kind: "device", value: `widget-${randomBytes(5).toString("hex")}` }];
    const hello = await contact(t, shop, visitor, "hi, where is my order?", "web_chat");
    expect(hello.customerId).not.toBe(maya.id);
    expect(hello.caseId).not.toBe(emailCase.id);
    expect(hello.verified).toBe(false);

    const proved = await contact(t, shop, visitor, "it's order 1002 and my zip is 10012", "web_chat");
    expect(proved.verified).toBe(true);
    expect(proved.customerId).toBe(maya.id);
    expect(proved.caseId).toBe(emailCase.id);
    expect(say(proved)).toMatch(/1002 is on its way/);

    const messages = await t.app.inject({ url: `/api/v1/cases/${emailCase.id}/messages`, headers: shop.ws.headers });
    expect(messages.statusCode, messages.body).toBe(200);
    const bodies = (messages.json() as { messages: { body: string; channel: string }[] }).messages.map((m) => [m.channel, m.body]);
    expect(bodies).toEqual(
      expect.arrayContaining([
        ["email", "Hello, my order 1002 hasn't arrived yet. Can you check?"],
        ["web_chat", "hi, where is my order?"],
        ["web_chat", "it's order 1002 and my zip is 10012"],
      ]),
    );
    const chatCase = await t.app.inject({ url: `/api/v1/cases/${hello.caseId}`, headers: shop.ws.headers });
    expect((chatCase.json() as { status: string }).status).toBe("resolved");
    const joined = await t.app.inject({ url: `/api/v1/cases/${emailCase.id}`, headers: shop.ws.headers });
    expect((joined.json() as { channels: string[] }).channels).toEqual(expect.arrayContaining(["email", "web_chat"]));

    const next = await contact(t, shop, visitor, "when will it arrive?", "web_chat");
    expect(next.caseId).toBe(emailCase.id);
    expect(next.verified).toBe(true);
    expect(say(next)).not.toMatch(ASKS_WHICH_ORDER);
  });
});
