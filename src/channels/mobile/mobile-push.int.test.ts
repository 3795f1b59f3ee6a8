import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRealtimeHarness, type RealtimeHarness } from "../../realtime/test-support/realtime-harness";
import { isAckFor, isEvent, type Frame } from "../../realtime/test-support/ws-client";
import { FcmPushProvider } from "./push/fcm-push.adapter";
import { startFcmServer, type FcmServer } from "./test-support/fcm-server";

// Push for the mobile app: a reply for a conversation with no open socket goes through the outbox
// to a local server speaking Google's token endpoint and FCM HTTP v1.
let h: RealtimeHarness;
let fcm: FcmServer;

beforeAll(async () => {
  fcm = await startFcmServer();
  h = await openRealtimeHarness({
    pushProvider: new FcmPushProvider(fcm.key, fcm.url),
    outbox: { backoff: { baseMs: 10, maxMs: 50 } },
  });
  await h.t.services.agent.warmUp();
});
afterAll(async () => {
  await h?.close();
  await fcm?.close();
});

const aiReply = (frame: Frame) => isEvent("message")(frame) && (frame.message as { author: string }).author === "ai";
const pushesTo = (token: string) => fcm.sent.filter((p) => p.message.token === token);
const waitFor = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};
const effects = (conversationId: string) =>
  h.t.database.query<{ status: string; attempts: number }>(
    "SELECT status, attempts FROM outbox_effects WHERE kind = 'mobile.push' AND payload->>'conversationId' = $1",
    [conversationId],
  );

/** A mobile conversation with one exchange, then the app goes to the background (socket closed). */
async function backgrounded(pushToken: string | null, channel: "mobile" | "web_chat" = "mobile") {
  const { socket, welcome } = await h.hello(
    channel === "mobile" ? { device: { id: randomUUID(), platform: "android", pushToken } } : {},
    { channel },
  );
  const clientId = randomUUID();
  socket.send({ type: "message", clientId, text: "is my order on its way?" });
  const ack = await socket.next(isAckFor(clientId));
  await socket.next(aiReply);
  socket.kill();
  await waitFor(() => !h.t.services.realtime.isOnline(String(welcome.conversationId)), "the server to see the socket close");
  const [row] = await h.t.database.query<{ case_id: string }>("SELECT case_id FROM messages WHERE id = $1", [ack.messageId]);
  return { conversationId: String(welcome.conversationId), resumeToken: String(welcome.resumeToken), caseId: String(row?.case_id) };
}

async function staffReplies(caseId: string, body: string) {
  const response = await h.t.app.inject({
    method: "POST",
    url: `/api/v1/cases/${caseId}/messages`,
    headers: h.ws.headers,
    payload: { body },
  });
  expect(response.statusCode, response.body).toBe(201);
}

describe("mobile push", () => {
  it("sends nothing while the app's socket is open, and one push for a staff reply once it is closed", async () => {
    const token = `fcm-${randomUUID()}`;
    const { conversationId, caseId } = await backgrounded(token);
    // The AI's reply reached the open socket: no push for it.
    expect(await effects(conversationId)).toEqual([]);

    await staffReplies(caseId, "Your parcel is out for delivery today.");
    await waitFor(async () => (await effects(conversationId)).length === 1, "the push effect");
    await h.t.services.outbox.drainDue();
    expect(pushesTo(token)).toHaveLength(1);
    const [push] = pushesTo(token);
    expect(push?.project).toBe("throughline-test");
    expect(push?.message.data).toMatchObject({ conversationId });
    expect(Number(push?.message.data?.seq)).toBeGreaterThan(2);
    // The reply's words stay in the app: the notification only says there is one.
    expect(JSON.stringify(push?.message)).not.toContain("out for delivery");
    // Delivered once, however often the outbox runs.
    await h.t.services.outbox.drainDue();
    expect(pushesTo(token)).toHaveLength(1);
    expect(await effects(conversationId)).toEqual([{ status: "delivered", attempts: 1 }]);
  });

  it("does not push a reply the app already received by reconnecting", async () => {
    const token = `fcm-${randomUUID()}`;
    const { conversationId, caseId, resumeToken } = await backgrounded(token);
    await staffReplies(caseId, "We have refunded the shipping.");
    await waitFor(async () => (await effects(conversationId)).length === 1, "the push effect");
    // The app comes back before the outbox runs: the reply is replayed over the socket instead.
    const { socket } = await h.hello({ resumeToken, lastSeq: 2 }, { channel: "mobile" });
    await socket.next((f) => isEvent("message")(f) && (f.message as { text: string }).text === "We have refunded the shipping.");
    await h.t.services.outbox.drainDue();
    expect(pushesTo(token)).toHaveLength(0);
  });

  it("retries while the push service is down and sends once when it is back", async () => {
    const token = `fcm-${randomUUID()}`;
    const { conversationId, caseId } = await backgrounded(token);
    fcm.failNext(2);
    await staffReplies(caseId, "An update on your order.");
    await waitFor(async () => (await effects(conversationId)).length === 1, "the push effect");
    await waitFor(async () => {
      await h.t.services.outbox.drainDue();
      return pushesTo(token).length === 1;
    }, "the retried push");
    expect(await effects(conversationId)).toEqual([{ status: "delivered", attempts: 3 }]);
  });

  it("forgets a token the push service calls unregistered and stops", async () => {
    const token = `fcm-${randomUUID()}`;
    fcm.unregistered.add(token);
    const { conversationId, caseId } = await backgrounded(token);
    await staffReplies(caseId, "Anything else?");
    await waitFor(async () => (await effects(conversationId)).length === 1, "the push effect");
    await h.t.services.outbox.drainDue();
    const [row] = await h.t.database.query<{ push_token: string | null }>(
      "SELECT push_token FROM realtime_conversations WHERE id = $1",
      [conversationId],
    );
    expect(row?.push_token).toBeNull();
    const [effect] = await effects(conversationId);
    expect(effect?.status).not.toBe("pending");
    expect(pushesTo(token)).toHaveLength(0);
  });

  it("queues no push for a conversation without a push token", async () => {
    const { conversationId, caseId } = await backgrounded(null, "web_chat");
    await staffReplies(caseId, "A reply for the web chat.");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await effects(conversationId)).toEqual([]);
  });
});
