import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueEmail } from "./helpers";
import { seedRetail } from "../src/agent/test-support/retail-fixture";
import { SmtpMailSender } from "../src/channels/email/mail-sender";
import { eventually, sendRaw, startMailSink, type MailSink } from "../src/channels/email/test-support/mail-sink";
import { newSid } from "../src/channels/twilio/test-support/twilio-api-server";
import { openTwilioHarness, type Harness, type TwilioWorkspace } from "../src/channels/twilio/test-support/twilio-harness";
import { postSigned } from "../src/channels/twilio/test-support/signed-webhook";
import { isAckFor, isEvent, TestSocket, type Frame } from "../src/realtime/test-support/ws-client";
import inboundSms from "../src/channels/sms/fixtures/inbound-sms.json";
import incomingCall from "../src/channels/voice/fixtures/incoming-call.json";
import gatherSpeech from "../src/channels/voice/fixtures/gather-speech.json";

// The five continuity scenarios through the channels' real protocols, all against one listening
// app: the widget's WebSocket with a signed identity, Twilio-signed SMS and voice webhooks with
// replies through a local server speaking the Messages API, the staff WebSocket, and mail over
// SMTP in and out (a local SMTP server stands in for the retailer's relay).

let h: Harness;
let sink: MailSink;
let smtpPort: number;

beforeAll(async () => {
  h = await openTwilioHarness();
  await h.services.agent.warmUp();
  sink = await startMailSink();
  const started = await h.services.email.start({
    sender: new SmtpMailSender(sink.url),
    listen: { host: "127.0.0.1", port: 0 },
    deliveryIntervalMs: 50,
  });
  smtpPort = started.smtpPort ?? 0;
}, 300_000);
afterAll(async () => {
  await h?.services.email.stop();
  await sink?.close();
  await h?.close();
});

const PERSONAL = /on its way|UPS|1Z999|Spring Street|Aero Running Jacket/;
const ASKS_WHICH_ORDER = /order number|which order/i;

const waitFor = async <T>(check: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> => {
  for (let i = 0; i < 1200; i++) {
    const found = await check();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};
let phoneSerial = 0;
const phone = () => `+1917555${String((Date.now() + phoneSerial++) % 10_000).padStart(4, "0")}`;

type Shop = TwilioWorkspace & { maya: string; mayaPhone: string; domain: string; publicKey: string; secret: string };

/** A workspace with a provider account, the demo orders, and Maya on file with her email and phone. */
async function openShop(): Promise<Shop> {
  const ws = await h.workspace();
  const maya = uniqueEmail("maya");
  const mayaPhone = phone();
  await seedRetail(h.services, ws.workspaceId, { maya, jane: uniqueEmail("jane") });
  await h.services.customers.create(ws.workspaceId, {
    displayName: "Maya Chen",
    identities: [
      { kind: "email", value: maya },
      { kind: "phone", value: mayaPhone },
    ],
  });
  const keys = await h.app.inject({ url: "/api/v1/workspace/widget-keys", headers: ws.headers });
  expect(keys.statusCode, keys.body).toBe(200);
  const { publicKey, secret } = keys.json() as { publicKey: string; secret: string };
  return { ...ws, maya, mayaPhone, domain: `${ws.slug}.${h.services.email.settings.inboundDomain}`, publicKey, secret };
}

const caseOf = async (messageId: string) =>
  (await h.database.query<{ case_id: string }>("SELECT case_id FROM messages WHERE id = $1", [messageId]))[0]?.case_id;

/** The widget on the retailer's page: the shopper's session over the realtime WebSocket. */
async function widget(shop: Shop, identity?: { email: string }) {
  const socket = await TestSocket.open(
    `${h.origin.replace(/^http/, "ws")}/api/v1/realtime/customer?workspace=${encodeURIComponent(shop.publicKey)}&channel=web_chat`,
  );
  // The retailer's server signs the signed-in shopper's email with the widget secret.
  const hmac = identity ? createHmac("sha256", shop.secret).update(identity.email).digest("hex") : undefined;
  socket.send({ type: "hello", ...(identity ? { identity: { email: identity.email, hmac } } : {}) });
  const welcome = await socket.next((f) => f.type === "welcome");
  return {
    welcome,
    async say(text: string): Promise<{ caseId: string; reply: string }> {
      const clientId = randomUUID();
      socket.send({ type: "message", clientId, text });
      const ack = await socket.next(isAckFor(clientId));
      const reply = await socket.next(
        (f: Frame) => isEvent("message")(f) && (f.message as { author: string }).author === "ai" && Number(f.seq) > Number(ack.seq),
      );
      // The case the message is on after the turn (a proof in the turn can move it).
      return { caseId: String(await caseOf(String(ack.messageId))), reply: (reply.message as { text: string }).text };
    },
    close: () => socket.close(),
  };
}

/** A text from `from` through the signed webhook; resolves with its case and the reply texted back. */
async function text(shop: Shop, from: string, body: string, replyMatching?: RegExp) {
  const before = h.api.sent.filter((m) => m.form.To === from).length;
  const params = { ...inboundSms, AccountSid: shop.accountSid, MessageSid: newSid("SM"), From: from, To: "+14155550100", Body: body };
  const ack = await postSigned(`${shop.base}/sms`, params, shop.authToken);
  expect(ack.status).toBe(200);
  const reply = await waitFor(() => {
    const fresh = h.api.sent.filter((m) => m.form.To === from).slice(before);
    return fresh.find((m) => !replyMatching || replyMatching.test(m.form.Body ?? ""));
  }, `a text back to ${from}`);
  const [row] = await h.database.query<{ id: string; case_id: string }>(
    "SELECT id, case_id FROM messages WHERE workspace_id = $1 AND external_id = $2",
    [shop.workspaceId, params.MessageSid],
  );
  return { caseId: String(row?.case_id), reply: reply.form.Body ?? "" };
}

let mailSerial = 0;
/** A mail through our SMTP listener; resolves with the stored message's case. */
async function mail(shop: Shop, from: string, subject: string, body: string, headers: Record<string, string> = {}) {
  mailSerial += 1;
  const messageId = `<continuity-${mailSerial}-${randomUUID()}@mail.example.com>`;
  const lines = {
    From: `Maya Chen <${from}>`,
    To: `support@${shop.domain}`,
    Subject: subject,
    Date: new Date().toUTCString(),
    "Message-ID": messageId,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=utf-8",
    ...headers,
  };
  const raw = `${Object.entries(lines).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}\r\n`;
  const sent = await sendRaw(smtpPort, raw, { from, to: [`support@${shop.domain}`] });
  const stored = /Stored as (msg_[0-9a-z]+)/.exec(sent.response)?.[1];
  expect(stored, sent.response).toBeTruthy();
  return { caseId: String(await caseOf(String(stored))), messageId };
}

/** The reply our relay carried to `to` after `count` earlier ones. */
const mailTo = (to: string, count = 0) =>
  eventually(() => sink.received.filter((r) => r.rcptTo.includes(to))[count], 60_000);

const call = (shop: Shop, from: string) => {
  const sid = newSid("CA");
  const base = { AccountSid: shop.accountSid, CallSid: sid, From: from, Caller: from };
  return {
    sid,
    ring: () => postSigned(`${shop.base}/voice`, { ...incomingCall, ...base }, shop.authToken),
    say: (turn: number, speech: string) =>
      postSigned(`${shop.base}/voice/gather?turn=${turn}`, { ...gatherSpeech, ...base, SpeechResult: speech }, shop.authToken),
  };
};
const spoken = (twiml: string) =>
  [...twiml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((m) => (m[1] ?? "").replace(/&apos;/g, "'")).join(" ");

describe("continuity 1: a late order in the widget, then a text from the phone on the profile", () => {
  it("continues the same case without asking again; order details wait until the number proves itself by code", async () => {
    const shop = await openShop();
    const chat = await widget(shop, { email: shop.maya });
    expect(chat.welcome.identity).toBe("signed");
    const day1 = await chat.say("my order 1002 is late, where is it?");
    expect(day1.reply).toMatch(/1002 is on its way/);
    chat.close();

    // The texted number is on Maya's profile: the case continues, the proof does not.
    const sms = await text(shop, shop.mayaPhone, "any update? it still hasn't arrived");
    expect(sms.caseId).toBe(day1.caseId);
    expect(sms.reply).not.toMatch(ASKS_WHICH_ORDER);
    expect(sms.reply).not.toMatch(PERSONAL);
    expect(sms.reply).not.toMatch(/1002/);
    expect(sms.reply).toMatch(/code/);

    // The code goes by SMS to the number on file, through the provider.
    const before = h.api.sent.filter((m) => m.form.To === shop.mayaPhone).length;
    const asked = await text(shop, shop.mayaPhone, "ok send me a code", /^(?!Your verification code)/);
    expect(asked.reply).not.toMatch(PERSONAL);
    const codeText = await waitFor(
      () => h.api.sent.slice(0).filter((m) => m.form.To === shop.mayaPhone).slice(before).find((m) => /verification code/.test(m.form.Body ?? "")),
      "the one-time code by SMS",
    );
    expect(codeText.form.From).toBe("+14155550100");
    const code = /\b(\d{6})\b/.exec(codeText.form.Body ?? "")?.[1] ?? "";
    expect(code).toMatch(/^\d{6}$/);

    const proved = await text(shop, shop.mayaPhone, code, /^(?!Your verification code)/);
    expect(proved.caseId).toBe(day1.caseId);
    expect(proved.reply).toMatch(/1002 is on its way/);
    expect(proved.reply).not.toMatch(ASKS_WHICH_ORDER);
  });
});

describe("continuity 2: an anonymous widget visitor proves an order and joins the case of their email", () => {
  it("links the visitor to the order's customer, on the same case as the earlier email", async () => {
    const shop = await openShop();
    const emailed = await mail(shop, shop.maya, "Order 1002 has not arrived", "Hello, my order 1002 hasn't arrived yet. Can you check?");

    const visitor = await widget(shop);
    expect(visitor.welcome.identity).toBe("anonymous");
    const hello = await visitor.say("hi, where is my order?");
    expect(hello.caseId).not.toBe(emailed.caseId);
    expect(hello.reply).not.toMatch(PERSONAL);

    const proved = await visitor.say("it's order 1002 and my zip is 10012");
    expect(proved.reply).toMatch(/1002 is on its way/);
    const next = await visitor.say("when will it arrive?");
    expect(next.caseId).toBe(emailed.caseId);
    expect(next.reply).not.toMatch(ASKS_WHICH_ORDER);
    visitor.close();

    const rows = await h.database.query<{ channel: string; body: string }>(
      "SELECT channel, body FROM messages WHERE case_id = $1 AND direction = 'inbound' ORDER BY created_at",
      [emailed.caseId],
    );
    expect(rows.map((r) => r.channel)).toEqual(expect.arrayContaining(["email", "web_chat"]));
    const [linked] = await h.database.query<{ customer_id: string }>("SELECT customer_id FROM cases WHERE id = $1", [emailed.caseId]);
    const [maya] = await h.database.query<{ customer_id: string }>(
      "SELECT customer_id FROM customer_identities WHERE workspace_id = $1 AND kind = 'email' AND value = $2",
      [shop.workspaceId, shop.maya],
    );
    expect(linked?.customer_id).toBe(maya?.customer_id);
  });
});

describe("continuity 3: the same shopper calls", () => {
  it("pops the case and the chat's gist on the staff connection when the call reaches a person", async () => {
    const shop = await openShop();
    const chat = await widget(shop, { email: shop.maya });
    const day1 = await chat.say("my order 1002 is late, where is it?");
    chat.close();

    const staff = await TestSocket.open(`${h.origin.replace(/^http/, "ws")}/api/v1/realtime/staff`, shop.headers);
    await staff.next((f) => f.type === "welcome");
    const c = call(shop, shop.mayaPhone);
    const greeting = await c.ring();
    expect(greeting.status).toBe(200);
    expect(spoken(greeting.body)).toBe("Hi Maya, is this about order 1002?");
    const transfer = await c.say(1, "I want to talk to a real person please");
    expect(transfer.body).toMatch(/<Enqueue>support<\/Enqueue>/);

    const pop = await staff.next((f) => f.type === "call.transferred" && f.callSid === c.sid);
    staff.close();
    expect(pop).toMatchObject({
      caller: { phone: shop.mayaPhone },
      customer: { displayName: "Maya Chen" },
      verification: { contact: "recognised" },
      case: { id: day1.caseId, orderRef: "1002" },
    });
    const last = pop.lastInteraction as { channel: string; summary: string };
    expect(last.channel).toBe("web_chat");
    expect(last.summary).toMatch(/order 1002/);
  });
});

describe("continuity 4: a reply to a mail the platform sent", () => {
  it("threads into the same case by its headers", async () => {
    const shop = await openShop();
    const first = await mail(shop, shop.maya, "Store hours", "Hello, when is the Soho store open on Saturday?");
    const ours = await mailTo(shop.maya);
    const ourId = ours.mail.messageId ?? "";
    expect(ourId).toMatch(/^<.+>$/);
    expect(ours.mail.inReplyTo).toBe(first.messageId);

    // The customer's mail client answers with a new subject; the headers carry the thread.
    const answer = await mail(shop, shop.maya, "one more thing", "And is parking available there?", {
      "In-Reply-To": ourId,
      References: `${first.messageId} ${ourId}`,
    });
    expect(answer.caseId).toBe(first.caseId);
  });
});

describe("continuity 5: the same policy question in chat, by SMS and by email", () => {
  it("gives the same facts on every channel", async () => {
    const shop = await openShop();
    const question = "what is your return policy?";
    const chat = await widget(shop);
    const inChat = (await chat.say(question)).reply;
    chat.close();
    const bySms = (await text(shop, phone(), question)).reply;
    const asker = uniqueEmail("asker");
    await mail(shop, asker, "Returns", question);
    const byMail = String((await mailTo(asker)).mail.text ?? "");

    // The facts: every number with its unit (days, currency) the answer states.
    const facts = (reply: string) => [...new Set(reply.match(/\$?\d+(?:\.\d+)?\s*(?:days?|%|dollars?)?/gi) ?? [])].map((f) => f.trim()).sort();
    expect(facts(inChat).length).toBeGreaterThan(0);
    expect(facts(bySms)).toEqual(facts(inChat));
    expect(facts(byMail)).toEqual(expect.arrayContaining(facts(inChat)));
  });
});
