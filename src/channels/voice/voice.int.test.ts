import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueEmail } from "../../../test/helpers";
import { seedRetail } from "../../agent/test-support/retail-fixture";
import type { DomainEvent } from "../../core/events";
import { TestSocket } from "../../realtime/test-support/ws-client";
import { newSid } from "../twilio/test-support/twilio-api-server";
import { openTwilioHarness, type Harness, type TwilioWorkspace } from "../twilio/test-support/twilio-harness";
import { postSigned } from "../twilio/test-support/signed-webhook";
import incomingCall from "./fixtures/incoming-call.json";
import gatherSpeech from "./fixtures/gather-speech.json";
import type { ScreenPop } from "./voice.types";

// Voice through the real protocol: the app listens on a local port and every webhook is signed
// with the provider's own library; the TwiML it answers is read the way the provider reads it.

let h: Harness;
let ws: TwilioWorkspace;
const popped: DomainEvent[] = [];

const phone = () => `+1646555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;

type Call = { sid: string; from: string; target: TwilioWorkspace };
const call = (from: string, target = ws): Call => ({ sid: newSid("CA"), from, target });
const ring = (c: Call) =>
  postSigned(
    `${c.target.base}/voice`,
    { ...incomingCall, AccountSid: c.target.accountSid, CallSid: c.sid, From: c.from, Caller: c.from },
    c.target.authToken,
  );
const say = (c: Call, turn: number, speech: string, silence = 0) =>
  postSigned(
    `${c.target.base}/voice/gather?turn=${turn}${silence ? `&silence=${silence}` : ""}`,
    {
      ...gatherSpeech,
      AccountSid: c.target.accountSid,
      CallSid: c.sid,
      From: c.from,
      Caller: c.from,
      SpeechResult: speech,
    },
    c.target.authToken,
  );

/** The words a caller hears and what the provider does next, from the TwiML. */
function read(twiml: string) {
  const spoken = [...twiml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((m) => m[1] ?? "").join(" ");
  return {
    spoken: spoken
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&"),
    gatherAction: /<Gather[^>]*action="([^"]+)"/.exec(twiml)?.[1]?.replace(/&amp;/g, "&"),
    enqueue: /<Enqueue>([^<]*)<\/Enqueue>/.exec(twiml)?.[1],
    dial: /<Dial>([^<]*)<\/Dial>/.exec(twiml)?.[1],
  };
}

async function mayaWithChat(target: TwilioWorkspace) {
  const email = uniqueEmail("maya");
  const number = phone();
  await seedRetail(h.services, target.workspaceId, { maya: email, jane: uniqueEmail("jane") });
  const customer = await h.services.customers.create(target.workspaceId, {
    displayName: "Maya Chen",
    identities: [
      { kind: "email", value: email },
      { kind: "phone", value: number },
    ],
  });
  const chat = await h.app.inject({
    method: "POST",
    url: "/api/v1/channels/rest/messages",
    headers: target.headers,
    payload: {
      channel: "web_chat",
      sender: [
        { kind: "email", value: email },
        { kind: "device", value: `session-${number}` },
      ],
      text: "my order 1002 is late, where is it?",
    },
  });
  expect(chat.statusCode, chat.body).toBe(201);
  return { customerId: customer.id, number, caseId: (chat.json() as { caseId: string }).caseId };
}

// Training the language model at start can take minutes on a busy machine.
beforeAll(async () => {
  h = await openTwilioHarness();
  await h.services.agent.warmUp();
  h.services.events.on("call.transferred", (event) => popped.push(event));
  ws = await h.workspace();
}, 300_000);
afterAll(() => h?.close());

describe("voice: greet, gather, answer, transfer", () => {
  it("greets a recognised caller with the open case's order, answers in speech and puts them through with a screen pop", async () => {
    const maya = await mayaWithChat(ws);
    const c = call(maya.number);

    // 1. The call: first name and the case's order, nothing more, and it listens for speech.
    const answered = await ring(c);
    expect(answered.status).toBe(200);
    expect(answered.type).toMatch(/^text\/xml/);
    const greeting = read(answered.body);
    expect(greeting.spoken).toBe("Hi Maya, is this about order 1002?");
    expect(answered.body).toMatch(/<Gather input="speech"[^>]*actionOnEmptyResult="true"/);
    expect(greeting.gatherAction).toBe(`${ws.base}/voice/gather?turn=1`);

    // 2. The answer is spoken: short sentences, no links or lists; no order details to a caller ID.
    const first = await say(c, 1, "yes, where is my order?");
    expect(first.status).toBe(200);
    const answer = read(first.body);
    expect(answer.gatherAction).toBe(`${ws.base}/voice/gather?turn=2`);
    expect(answer.spoken.length).toBeGreaterThan(0);
    expect(answer.spoken).not.toMatch(/https?:|www\.|[*#|]|\n|^\s*[-•]/);
    expect(answer.spoken).not.toMatch(/UPS|1Z999|Spring Street/);

    // 3. The caller asks for a person: the TwiML puts them in the queue, staff get the screen pop.
    const staff = await TestSocket.open(
      `${h.origin.replace(/^http/, "ws")}/api/v1/realtime/staff`,
      ws.headers,
    );
    await staff.next((f) => f.type === "welcome");
    const second = await say(c, 2, "I want to talk to a real person please");
    const transfer = read(second.body);
    expect(transfer.enqueue).toBe("support");
    expect(transfer.gatherAction).toBeUndefined();
    expect(transfer.spoken).toMatch(/connecting you with a member of our team/);

    const event = popped.find((e) => (e.payload as ScreenPop).callSid === c.sid);
    expect(event?.workspaceId).toBe(ws.workspaceId);
    const frame = await staff.next((f) => f.type === "call.transferred");
    staff.close();
    const { type: _type, ...screenPop } = frame;
    expect(screenPop).toEqual(JSON.parse(JSON.stringify(event?.payload)));
    const pop = await h.app.inject({ url: `/api/v1/calls/${c.sid}/screen-pop`, headers: ws.headers });
    expect(pop.statusCode, pop.body).toBe(200);
    const body = pop.json() as ScreenPop;
    expect(body).toEqual(event?.payload);
    expect(body).toMatchObject({
      caller: { phone: maya.number },
      customer: { id: maya.customerId, displayName: "Maya Chen" },
      verification: { contact: "recognised" },
      case: { id: maya.caseId, status: "escalated", orderRef: "1002" },
      reason: "customer_requested_human",
    });
    expect(body.case.channels).toEqual(expect.arrayContaining(["web_chat", "voice"]));
    expect(body.lastInteraction?.channel).toBe("web_chat");
    expect(body.lastInteraction?.summary).toMatch(/order 1002/);
    expect(body.lastInteraction?.summary).toMatch(/my order 1002 is late/);
  });

  it("tells the person taking a call that the caller is only recognised, though the customer proved a chat session", async () => {
    const maya = await mayaWithChat(ws);
    const record = await h.services.customers.get(ws.workspaceId, maya.customerId);
    const session = record.identities.find((identity) => identity.kind === "device");
    await h.services.customers.verifyIdentity(
      ws.workspaceId,
      maya.customerId,
      session?.id ?? "",
      "signed_token",
      "test",
    );
    expect((await h.services.customers.get(ws.workspaceId, maya.customerId)).verification.level).toBe(
      "verified",
    );

    const c = call(maya.number);
    expect((await ring(c)).status).toBe(200);
    expect(read((await say(c, 1, "I want to talk to a real person please")).body).enqueue).toBe("support");
    const response = await h.app.inject({ url: `/api/v1/cases/${maya.caseId}/summary`, headers: ws.headers });
    expect(response.statusCode, response.body).toBe(200);
    const { summary } = response.json() as {
      summary: { text: string; customer: { verification: string; verificationMethod: string | null } };
    };
    expect(summary.customer).toMatchObject({ verification: "recognised", verificationMethod: null });
    expect(summary.text).toMatch(/^Maya Chen \(standard, recognised\)/);
  });

  it("answers a redelivered call or transcript once: one contact, one message, one screen pop", async () => {
    const c = call(phone());
    const [a, b] = [await ring(c), await ring(c)];
    expect(read(a.body).spoken).toBe(read(b.body).spoken);
    const [x, y] = await Promise.all([
      say(c, 1, "I want to talk to a real person"),
      say(c, 1, "I want to talk to a real person"),
    ]);
    expect(read(x.body).enqueue).toBe("support");
    expect(read(y.body).enqueue).toBe("support");
    const rows = await h.database.query<{ external_id: string }>(
      "SELECT external_id FROM messages WHERE workspace_id = $1 AND external_id LIKE $2 ORDER BY external_id",
      [ws.workspaceId, `${c.sid}%`],
    );
    expect(rows.map((r) => r.external_id)).toEqual([c.sid, `${c.sid}:1`, `${c.sid}:greeting`]);
    expect(popped.filter((e) => (e.payload as ScreenPop).callSid === c.sid)).toHaveLength(1);
  });

  it("greets a withheld or new number without a name, and puts a silent caller through after asking again", async () => {
    const c = call("anonymous");
    const answered = read((await ring(c)).body);
    expect(answered.spoken).toBe("Hi, thanks for calling Northwind Outfitters. How can I help today?");
    const silent = read((await say(c, 1, "")).body);
    expect(silent.spoken).toMatch(/didn't catch that/);
    expect(silent.gatherAction).toBe(`${ws.base}/voice/gather?turn=1&silence=1`);
    const again = read((await say(c, 1, "", 1)).body);
    expect(again.enqueue).toBe("support");
    const pop = (
      await h.app.inject({ url: `/api/v1/calls/${c.sid}/screen-pop`, headers: ws.headers })
    ).json() as ScreenPop;
    expect(pop).toMatchObject({
      reason: "no_input",
      caller: { phone: null },
      verification: { contact: "anonymous" },
    });
  });

  it("dials the configured number when the workspace transfers by <Dial>", async () => {
    const dialling = await h.workspace({ kind: "dial", number: "+14155550199" });
    const c = call(phone(), dialling);
    await ring(c);
    const transfer = read((await say(c, 1, "can I speak to a human agent")).body);
    expect(transfer.dial).toBe("+14155550199");
    expect(transfer.enqueue).toBeUndefined();
  });

  it("records how the call ended", async () => {
    const c = call(phone());
    await ring(c);
    const status = await postSigned(
      `${ws.base}/voice/status`,
      { AccountSid: ws.accountSid, CallSid: c.sid, From: c.from, CallStatus: "completed" },
      ws.authToken,
    );
    expect(status.status).toBe(200);
    const [row] = await h.database.query<{ status: string; ended_at: Date | null }>(
      "SELECT status, ended_at FROM voice_calls WHERE workspace_id = $1 AND call_sid = $2",
      [ws.workspaceId, c.sid],
    );
    expect(row?.status).toBe("completed");
    expect(row?.ended_at).not.toBeNull();
  });
});

describe("voice: refused requests and isolation", () => {
  it("refuses unsigned, forged and replayed-to-another-URL call webhooks with 403 and records no call", async () => {
    const c = call(phone());
    const params = { ...incomingCall, AccountSid: ws.accountSid, CallSid: c.sid, From: c.from };
    expect((await postSigned(`${ws.base}/voice`, params, undefined)).status).toBe(403);
    expect((await postSigned(`${ws.base}/voice`, params, "f".repeat(32))).status).toBe(403);
    // A signature for turn 1 does not carry to turn 5: the query string is signed too.
    const { getExpectedTwilioSignature } = await import("twilio/lib/webhooks/webhooks.js");
    const signature = getExpectedTwilioSignature(ws.authToken, `${ws.base}/voice/gather?turn=1`, params);
    const replayed = await fetch(`${ws.base}/voice/gather?turn=5`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: new URLSearchParams(params),
    });
    expect(replayed.status).toBe(403);
    const rows = await h.database.query("SELECT 1 FROM voice_calls WHERE call_sid = $1", [c.sid]);
    expect(rows).toHaveLength(0);
  });

  it("shows a call's screen pop only to its own workspace's staff", async () => {
    const c = call(phone());
    await ring(c);
    await say(c, 1, "let me talk to a person");
    const other = await h.workspace();
    const elsewhere = await h.app.inject({
      url: `/api/v1/calls/${c.sid}/screen-pop`,
      headers: other.headers,
    });
    expect(elsewhere.statusCode).toBe(404);
    const anonymous = await h.app.inject({ url: `/api/v1/calls/${c.sid}/screen-pop` });
    expect(anonymous.statusCode).toBe(401);
    const badSid = await h.app.inject({ url: "/api/v1/calls/not-a-sid/screen-pop", headers: ws.headers });
    expect(badSid.statusCode).toBe(400);
  });
});
