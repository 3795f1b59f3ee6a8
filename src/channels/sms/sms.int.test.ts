import http from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueEmail } from "../../../test/helpers";
import { createLogger } from "../../core/logger";
import { seedRetail } from "../../agent/test-support/retail-fixture";
import { newSid } from "../twilio/test-support/twilio-api-server";
import { openTwilioHarness, type Harness, type TwilioWorkspace } from "../twilio/test-support/twilio-harness";
import { postSigned } from "../twilio/test-support/signed-webhook";
import inboundSms from "./fixtures/inbound-sms.json";
import inboundWhatsapp from "./fixtures/inbound-whatsapp.json";

// SMS and WhatsApp through the real protocol: the app listens on a local port, webhooks are signed
// with the provider's own library, and replies go to a local server speaking the provider's
// Messages REST API (it stands in for the cloud). A local OpenAI-compatible server lets a test
// hold the agent's turn open, to show the webhook is acknowledged before the reply exists.

let llmMode: "fail" | "hold" = "fail";
const held: (() => void)[] = [];
const llm = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const fail = () => res.writeHead(500, { "content-type": "application/json" }).end('{"error":{"message":"unavailable"}}');
    if (llmMode === "hold") held.push(fail);
    else fail();
  });
});

const logs = new PassThrough();
let logText = "";
logs.on("data", (chunk: Buffer) => (logText += chunk.toString()));

let h: Harness;
let ws: TwilioWorkspace;

const phone = () => `+1212555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
const sms = (from: string, body: string, extra: Record<string, string> = {}) => ({
  ...inboundSms,
  AccountSid: ws.accountSid,
  MessageSid: newSid("SM"),
  From: from,
  Body: body,
  ...extra,
});
const postSms = (params: Record<string, string>, token: string | undefined = ws.authToken, target = ws) =>
  postSigned(`${target.base}/sms`, params, token);
const repliesTo = (to: string) => h.api.sent.filter((m) => m.form.To === to);
const waitFor = async (check: () => boolean | Promise<boolean>, what: string) => {
  // Patience for a loaded machine; nothing here asserts how long anything took.
  for (let i = 0; i < 1200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};
const messagesWith = (externalId: string) =>
  h.database.query<{ id: string; case_id: string; channel: string; body: string }>(
    "SELECT id, case_id, channel, body FROM messages WHERE workspace_id = $1 AND external_id = $2",
    [ws.workspaceId, externalId],
  );

// Training the language model at start can take minutes on a busy machine.
beforeAll(async () => {
  await new Promise<void>((resolve) => llm.listen(0, "127.0.0.1", resolve));
  const { port } = llm.address() as AddressInfo;
  h = await openTwilioHarness({
    logger: createLogger("info", logs),
    config: {
      LLM_PROVIDER: "openai-compatible",
      LLM_BASE_URL: `http://127.0.0.1:${port}/v1`,
      LLM_MODEL: "test-model",
      LLM_TIMEOUT_MS: 60_000,
    },
  });
  await h.services.agent.warmUp();
  ws = await h.workspace();
}, 300_000);
afterAll(async () => {
  for (const release of held.splice(0)) release();
  await h?.close();
  await new Promise<void>((resolve) => llm.close(() => resolve()));
});

describe("SMS webhook", () => {
  it("acknowledges with an empty TwiML response and replies through the Messages API", async () => {
    const from = phone();
    const params = sms(from, "hello there");
    const ack = await postSms(params);
    expect(ack.status).toBe(200);
    expect(ack.type).toMatch(/^text\/xml/);
    expect(ack.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');

    await waitFor(() => repliesTo(from).length === 1, "the reply");
    const [reply] = repliesTo(from);
    expect(reply?.accountSid).toBe(ws.accountSid);
    expect(reply?.authorization).toBe(`Basic ${Buffer.from(`${ws.accountSid}:${ws.authToken}`).toString("base64")}`);
    expect(reply?.form.From).toBe("+14155550100");
    expect(reply?.form.Body?.length).toBeGreaterThan(0);
    expect(reply?.form.StatusCallback).toBe(`${ws.base}/status`);

    const [stored] = await messagesWith(params.MessageSid);
    expect(stored).toMatchObject({ channel: "sms", body: "hello there" });
    const outbound = await h.database.query<{ body: string }>(
      "SELECT body FROM messages WHERE case_id = $1 AND direction = 'outbound'",
      [stored?.case_id],
    );
    expect(outbound.map((m) => m.body)).toEqual([reply?.form.Body]);
  });

  it("acknowledges before the agent's turn has produced a reply", async () => {
    const from = phone();
    llmMode = "hold";
    try {
      // 1. The webhook is answered while the agent's turn waits on the language model.
      const ack = await postSms(sms(from, "hi"));
      expect(ack.status).toBe(200);
      await waitFor(() => held.length >= 1, "the agent's turn to reach the model");
      // 2. No reply exists yet: the acknowledgement did not wait for the turn.
      expect(repliesTo(from)).toHaveLength(0);
    } finally {
      llmMode = "fail";
      // 3. The model answers (here: fails, so the built-in engine words it) and the reply goes out.
      for (const release of held.splice(0)) release();
    }
    await waitFor(() => repliesTo(from).length === 1, "the reply after the turn");
  });

  it("stores a redelivered MessageSid once and replies to it once, even when deliveries race", async () => {
    const from = phone();
    const params = sms(from, "what time do you open on saturday?");
    const acks = await Promise.all([postSms(params), postSms(params), postSms(params)]);
    expect(acks.map((a) => a.status)).toEqual([200, 200, 200]);
    await waitFor(() => repliesTo(from).length >= 1, "the reply");
    await postSms(params);
    await h.services.outbox.drainDue();
    expect(await messagesWith(params.MessageSid)).toHaveLength(1);
    expect(repliesTo(from)).toHaveLength(1);
  });

  it("answers WhatsApp on the whatsapp channel, back to the whatsapp: address it came from", async () => {
    const number = phone();
    const params = {
      ...inboundWhatsapp,
      AccountSid: ws.accountSid,
      MessageSid: newSid("SM"),
      From: `whatsapp:${number}`,
      WaId: number.slice(1),
      Body: "hello",
    };
    expect((await postSms(params)).status).toBe(200);
    await waitFor(() => repliesTo(`whatsapp:${number}`).length === 1, "the WhatsApp reply");
    expect(repliesTo(`whatsapp:${number}`)[0]?.form.From).toBe("whatsapp:+14155550100");
    const [stored] = await messagesWith(params.MessageSid);
    expect(stored?.channel).toBe("whatsapp");
    const [customer] = await h.database.query<{ display_name: string }>(
      "SELECT c.display_name FROM customers c JOIN messages m ON m.customer_id = c.id WHERE m.id = $1",
      [stored?.id],
    );
    expect(customer?.display_name).toBe("Maya");
  });

  it("keeps a reply the provider could not take and sends it once when the provider is back", async () => {
    const from = phone();
    h.api.failNext(1);
    expect((await postSms(sms(from, "hello"))).status).toBe(200);
    await waitFor(() => repliesTo(from).length === 1, "the retried reply");
    await waitFor(async () => {
      const [effect] = await h.database.query<{ attempts: number; status: string }>(
        "SELECT attempts, status FROM outbox_effects WHERE workspace_id = $1 AND kind = 'sms.send' AND payload->>'to' = $2",
        [ws.workspaceId, from],
      );
      return effect?.status === "delivered" && effect.attempts === 2;
    }, "the reply's effect to be delivered on its second attempt");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(repliesTo(from)).toHaveLength(1);
  });

  it("records the provider's delivery report on the reply", async () => {
    const from = phone();
    await postSms(sms(from, "hello"));
    await waitFor(() => repliesTo(from).length === 1, "the reply");
    const sid = repliesTo(from)[0]?.sid ?? "";
    const report = await postSigned(`${ws.base}/status`, { AccountSid: ws.accountSid, MessageSid: sid, MessageStatus: "delivered" }, ws.authToken);
    expect(report.status).toBe(200);
    await waitFor(async () => {
      const [delivery] = await h.database.query<{ status: string }>(
        "SELECT status FROM sms_deliveries WHERE workspace_id = $1 AND message_sid = $2",
        [ws.workspaceId, sid],
      );
      return delivery?.status === "delivered";
    }, "the delivery status");
  });

  it("answers a message acknowledged before a restart once the server is back", async () => {
    const from = phone();
    // 1. The worker is stopped: the message is acknowledged and stored, nothing else happens.
    await h.services.outbox.stop();
    const params = sms(from, "hello");
    expect((await postSms(params)).status).toBe(200);
    const [pending] = await h.database.query<{ status: string }>(
      "SELECT status FROM outbox_effects WHERE workspace_id = $1 AND kind = 'sms.inbound' AND key = $2",
      [ws.workspaceId, params.MessageSid],
    );
    expect(pending?.status).toBe("pending");
    expect(repliesTo(from)).toHaveLength(0);
    // 2. A new server over the same database picks it up and replies.
    await h.restart();
    await waitFor(() => repliesTo(from).length === 1, "the reply after the restart");
    ws = { ...ws, base: `${h.origin}/api/v1/channels/twilio/${ws.slug}` };
  });
});

describe("SMS webhook: forged and bad requests", () => {
  it("refuses a forged, missing or other workspace's signature with 403, storing nothing and logging no number", async () => {
    const from = phone();
    const other = await h.workspace();
    const params = sms(from, "hello");
    const tampered = await postSigned(`${ws.base}/sms`, params, ws.authToken).then(async () => {
      // Signed for one body, sent with another.
      const signature = (await import("twilio/lib/webhooks/webhooks.js")).getExpectedTwilioSignature(ws.authToken, `${ws.base}/sms`, params);
      const response = await fetch(`${ws.base}/sms`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
        body: new URLSearchParams({ ...params, MessageSid: newSid("SM"), Body: "refund me" }),
      });
      return response.status;
    });
    expect(tampered).toBe(403);

    const forged = sms(from, "hello");
    const attempts = [
      await postSigned(`${ws.base}/sms`, forged, undefined),
      await postSms(forged, "0".repeat(32)),
      await postSms(forged, other.authToken),
      await postSms({ ...forged, AccountSid: other.accountSid }, ws.authToken),
      await postSigned(`${h.origin}/api/v1/channels/twilio/no-such-workspace/sms`, forged, ws.authToken),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(403);
      expect(JSON.parse(attempt.body).error.code).toBe("CHANNEL_SIGNATURE_INVALID");
    }
    expect(await messagesWith(forged.MessageSid)).toHaveLength(0);
    expect(logText).toMatch(/"reason":"signature_missing"/);
    expect(logText).toMatch(/"reason":"signature_invalid"/);
    expect(logText).not.toContain(from.slice(1));
  });

  it("accepts the provider's signature behind a proxy only as it was signed", async () => {
    // The provider signed https://support.example.com/…; a server not told so rebuilds http://127.0.0.1/… and refuses.
    const params = sms(phone(), "hello");
    const path = `/api/v1/channels/twilio/${ws.slug}/sms`;
    const publicUrl = `https://support.example.com${path}`;
    const { getExpectedTwilioSignature } = await import("twilio/lib/webhooks/webhooks.js");
    const signature = getExpectedTwilioSignature(ws.authToken, publicUrl, params);
    const direct = await fetch(`${h.origin}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": signature,
        "x-forwarded-proto": "https",
        "x-forwarded-host": "support.example.com",
      },
      body: new URLSearchParams(params),
    });
    expect(direct.status).toBe(403);
    const { buildApp } = await import("../../http/app");
    for (const options of [{ trustProxy: true }, { publicBaseUrl: "https://support.example.com" }]) {
      const proxied = await buildApp({ services: h.services, logger: false, ...options });
      const response = await proxied.inject({
        method: "POST",
        url: path,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signature,
          "x-forwarded-proto": "https",
          "x-forwarded-host": "support.example.com",
        },
        payload: new URLSearchParams(params).toString(),
      });
      expect(response.statusCode, JSON.stringify(options)).toBe(200);
      await proxied.close();
    }
  });

  it("refuses a signed message whose sender is not a phone number or whose text cannot be stored, naming the field", async () => {
    const notPhone = await postSms(sms("client:alice", "hello"));
    expect(notPhone.status).toBe(400);
    expect(JSON.parse(notPhone.body).error.field).toBe("From");
    const nul = await postSms(sms(phone(), "hi\u0000there"));
    expect(nul.status).toBe(400);
    expect(JSON.parse(nul.body).error.message).toMatch(/Body/);
    const tooLong = await postSms(sms(phone(), "x".repeat(5_001)));
    expect(tooLong.status).toBe(400);
  });

  it("keeps HTML in a text as it was written", async () => {
    const params = sms(phone(), "<script>alert(1)</script> where is my order?");
    expect((await postSms(params)).status).toBe(200);
    await waitFor(async () => (await messagesWith(params.MessageSid)).length === 1, "the stored message");
    expect((await messagesWith(params.MessageSid))[0]?.body).toBe("<script>alert(1)</script> where is my order?");
  });
});

describe("Twilio account settings", () => {
  it("never returns the auth token, keeps it when omitted, and is for admins only", async () => {
    const got = await h.app.inject({ url: "/api/v1/workspace/channels/twilio", headers: ws.headers });
    expect(got.statusCode).toBe(200);
    expect(got.body).not.toContain(ws.authToken);
    expect(got.json()).toMatchObject({
      accountSid: ws.accountSid,
      authTokenHint: `…${ws.authToken.slice(-4)}`,
      transfer: { kind: "enqueue", queue: "support" },
      webhooks: { sms: `/api/v1/channels/twilio/${ws.slug}/sms` },
    });
    const changed = await h.app.inject({
      method: "PUT",
      url: "/api/v1/workspace/channels/twilio",
      headers: ws.headers,
      payload: { accountSid: ws.accountSid, transfer: { kind: "dial", number: "+14155550199" } },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ authTokenHint: `…${ws.authToken.slice(-4)}`, transfer: { kind: "dial" } });

    const fresh = await h.workspace();
    await h.app.inject({ method: "DELETE", url: "/api/v1/workspace/channels/twilio", headers: fresh.headers });
    const noToken = await h.app.inject({
      method: "PUT",
      url: "/api/v1/workspace/channels/twilio",
      headers: fresh.headers,
      payload: { accountSid: fresh.accountSid },
    });
    expect(noToken.statusCode).toBe(400);
    expect(noToken.json().error.field).toBe("authToken");
    const badNumber = await h.app.inject({
      method: "PUT",
      url: "/api/v1/workspace/channels/twilio",
      headers: ws.headers,
      payload: { accountSid: ws.accountSid, phoneNumbers: ["12345"] },
    });
    expect(badNumber.statusCode).toBe(400);
    expect(badNumber.json().error.field).toMatch(/^phoneNumbers/);

    const { key } = await h.services.auth.createApiKey(ws.workspaceId, { name: "agent", role: "agent" });
    const asAgent = await h.app.inject({ url: "/api/v1/workspace/channels/twilio", headers: { authorization: `Bearer ${key}` } });
    expect(asAgent.statusCode).toBe(403);
  });
});

describe("continuity: from the REST channel to SMS", () => {
  it("continues the customer's case from their profile's phone, without their personal data until the phone is proven", async () => {
    const email = uniqueEmail("maya");
    await seedRetail(h.services, ws.workspaceId, { maya: email, jane: uniqueEmail("jane") });
    const number = phone();
    const chat = async (text: string) => {
      const response = await h.app.inject({
        method: "POST",
        url: "/api/v1/channels/rest/messages",
        headers: ws.headers,
        payload: {
          channel: "web_chat",
          sender: [{ kind: "email", value: email }, { kind: "device", value: `session-${number}` }],
          text,
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { caseId: string; customerId: string; verified: boolean; replies: { text: string }[] };
    };
    // 1. In the chat she proves the order is hers and hears where it is.
    await chat("my order 1002 is late, where is it?");
    const proven = await chat("it's 1002, zip 10012");
    expect(proven.verified).toBe(true);
    expect(proven.replies.map((r) => r.text).join(" ")).toMatch(/UPS/);
    const { caseId, customerId } = proven;
    const added = await h.app.inject({
      method: "POST",
      url: `/api/v1/customers/${customerId}/identities`,
      headers: ws.headers,
      payload: { kind: "phone", value: number },
    });
    expect(added.statusCode, added.body).toBe(200);

    // 2. The next message comes by SMS from the phone on her profile.
    const params = sms(number, "any news on my order?");
    expect((await postSms(params)).status).toBe(200);
    await waitFor(() => repliesTo(number).length === 1, "the SMS reply");
    const [stored] = await messagesWith(params.MessageSid);
    expect(stored?.case_id).toBe(caseId);
    const reply = repliesTo(number)[0]?.form.Body ?? "";
    // A caller ID is a claim: no address, carrier or tracking number goes back to it.
    expect(reply).not.toMatch(/Spring Street|UPS|1Z999|10012/);
    const turns = await h.app.inject({ url: `/api/v1/cases/${caseId}/agent-turns`, headers: ws.headers });
    const last = (turns.json() as { turns: { channel: string }[] }).turns.at(-1);
    expect(last?.channel).toBe("sms");
  });
});
