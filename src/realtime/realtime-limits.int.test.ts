import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRealtimeHarness, type RealtimeHarness } from "./test-support/realtime-harness";
import { isAckFor, isError } from "./test-support/ws-client";

// Floods: per-connection and per-identity message limits, frame floods, new conversations per address.
let h: RealtimeHarness;

beforeAll(async () => {
  h = await openRealtimeHarness({
    limits: {
      messageBurst: 5,
      messagesPerSecond: 0.01,
      messagesPerIdentityPerMinute: 8,
      frameBurst: 15,
      framesPerSecond: 0.5,
      refusalsBeforeClose: 10,
      conversationsPerAddressPerMinute: 6,
    },
  });
  // Trained now: the first reply would otherwise train it and hold up the event loop.
  await h.t.services.agent.warmUp();
});
afterAll(async () => h?.close());

const message = (clientId: string) => ({ type: "message", clientId, text: "are you open on sunday?" });

describe("realtime limits", () => {
  it("refuses messages past the connection's burst and then past the identity's minute, naming the clientId", async () => {
    const { socket, welcome } = await h.hello();
    const ids = Array.from({ length: 7 }, () => randomUUID());
    for (const id of ids) socket.send(message(id));
    for (const id of ids.slice(0, 5)) expect(await socket.next(isAckFor(id))).toBeDefined();
    const refused = await socket.collect(isError("REALTIME_RATE_LIMITED"), 2);
    expect(refused.map((r) => r.clientId)).toEqual(ids.slice(5));
    expect(Number(refused[0]?.retryAfterMs)).toBeGreaterThan(0);

    // A second connection to the same conversation has its own burst but shares the identity's minute.
    const again = await h.hello({ resumeToken: welcome.resumeToken, lastSeq: 0 });
    const more = Array.from({ length: 5 }, () => randomUUID());
    for (const id of more) again.socket.send(message(id));
    for (const id of more.slice(0, 3)) expect(await again.socket.next(isAckFor(id))).toBeDefined();
    const limited = await again.socket.collect(isError("REALTIME_RATE_LIMITED"), 2);
    expect(limited.map((r) => r.clientId)).toEqual(more.slice(3));
    const stored = await h.t.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM messages WHERE metadata->'realtime'->>'conversationId' = $1 AND direction = 'inbound'",
      [welcome.conversationId],
    );
    expect(stored[0]?.n).toBe(8);
  });

  it("closes a connection that keeps flooding after being told to stop", async () => {
    const { socket } = await h.hello();
    for (let i = 0; i < 40; i++) socket.send({ type: "typing", on: i % 2 === 0 });
    const closed = await socket.closed;
    expect(closed.code).toBe(1008);
    expect(socket.frames.some(isError("REALTIME_RATE_LIMITED"))).toBe(true);
  });

  it("limits new conversations per client address", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const socket = await h.connect();
      socket.send({ type: "hello" });
      const frame = await socket.next((f) => f.type === "welcome" || f.type === "error");
      outcomes.push(frame.type === "welcome" ? "ok" : String(frame.code));
    }
    // Two conversations were opened by the tests above from the same address.
    expect(outcomes.filter((o) => o === "ok").length).toBeLessThanOrEqual(4);
    expect(outcomes).toContain("REALTIME_RATE_LIMITED");
  });
});
