import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createWorkspace } from "../../test/helpers";
import { identitySignature } from "./lib/signed-identity";
import { openRealtimeHarness, type RealtimeHarness } from "./test-support/realtime-harness";
import { isAckFor, isError, isEvent, type Frame } from "./test-support/ws-client";

// The realtime protocol through a real `ws` client against a listening server and a real database.
let h: RealtimeHarness;

beforeAll(async () => {
  h = await openRealtimeHarness();
  await h.t.services.agent.warmUp();
});
afterAll(async () => h?.close());

const message = (text: string, clientId = randomUUID(), extra: Record<string, unknown> = {}) => ({
  type: "message",
  clientId,
  text,
  ...extra,
});

async function stored(messageId: string) {
  const rows = await h.t.database.query<{ id: string; body: string; metadata: Record<string, unknown> }>(
    "SELECT id, body, metadata FROM messages WHERE id = $1",
    [messageId],
  );
  return rows[0];
}

describe("realtime protocol: messages", () => {
  it("acknowledges a message only once it is stored, then pushes the AI reply as the next event", async () => {
    const { socket, welcome } = await h.hello();
    expect(welcome).toMatchObject({ resumed: false, seq: 0, channel: "web_chat", identity: "anonymous" });
    expect(String(welcome.conversationId)).toMatch(/^conv_/);
    expect(String(welcome.resumeToken)).toMatch(/^rt_.{40,}/);

    const clientId = randomUUID();
    socket.send(message("hello there", clientId));
    const ack = await socket.next(isAckFor(clientId));
    // 1. The ack names the stored message: it is in the database by the time the client hears of it.
    const row = await stored(String(ack.messageId));
    expect(row?.body).toBe("hello there");
    expect(row?.metadata).toMatchObject({ realtime: { conversationId: welcome.conversationId, clientId } });
    expect(ack).toMatchObject({ seq: 1, duplicate: false });
    // 2. The shopper's own message is event 1; the AI's reply follows as event 2.
    const [mine, reply] = await socket.collect(isEvent("message"), 2);
    expect(mine).toMatchObject({ seq: 1, message: { direction: "inbound", author: "customer", clientId } });
    expect(reply).toMatchObject({ seq: 2, message: { direction: "outbound", author: "ai" } });
    expect(String((reply?.message as { text: string }).text).length).toBeGreaterThan(0);
  });

  it("stores an inbound message once and runs one turn on it, without ingesting it again", async () => {
    const ingest = h.t.services.ingest;
    const ingestSpy = vi.spyOn(ingest, "ingest");
    const storedSpy = vi.spyOn(ingest, "stored");
    try {
      const { socket, welcome } = await h.hello();
      const clientId = randomUUID();
      socket.send(message("what is your return policy?", clientId));
      const ack = await socket.next(isAckFor(clientId));
      await socket.next((f) => isEvent("message")(f) && (f.message as { author: string }).author === "ai");
      // One insert (the ingest that precedes the ack); the turn reads the stored message back.
      expect(ingestSpy).toHaveBeenCalledTimes(1);
      expect(storedSpy).toHaveBeenCalledTimes(1);
      expect(storedSpy.mock.calls[0]?.[1]).toMatchObject({ id: ack.messageId });
      const turns = await h.t.database.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM agent_turns WHERE message_id = $1",
        [ack.messageId],
      );
      expect(turns[0]?.n).toBe(1);
      expect(welcome.conversationId).toBeTruthy();
    } finally {
      ingestSpy.mockRestore();
      storedSpy.mockRestore();
    }
  });

  it("answers a repeated clientId with the same ack and stores nothing twice", async () => {
    const { socket, welcome } = await h.hello();
    const clientId = randomUUID();
    socket.send(message("what are your opening hours?", clientId));
    const first = await socket.next(isAckFor(clientId));
    await socket.next((f) => isEvent("message")(f) && (f.message as { author: string }).author === "ai");
    socket.send(message("what are your opening hours?", clientId));
    const again = await socket.next(isAckFor(clientId));
    expect(again).toMatchObject({ seq: first.seq, messageId: first.messageId, duplicate: true });

    const rows = await h.t.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM messages WHERE metadata->'realtime'->>'conversationId' = $1",
      [welcome.conversationId],
    );
    expect(rows[0]?.n).toBe(1);
    // No second AI turn: a short wait, then the conversation still has exactly two events.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = await h.t.services.realtime.eventsAfter(String(welcome.conversationId), 0);
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it("accepts a burst of messages queued while offline, in order, each acknowledged once", async () => {
    const { socket, welcome } = await h.hello();
    const ids = Array.from({ length: 8 }, () => randomUUID());
    ids.forEach((id, i) => socket.send(message(`queued message ${i + 1}`, id)));
    const acks: Frame[] = [];
    for (const id of ids) acks.push(await socket.next(isAckFor(id)));
    const seqs = acks.map((a) => Number(a.seq));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const rows = await h.t.database.query<{ body: string }>(
      "SELECT body FROM messages WHERE metadata->'realtime'->>'conversationId' = $1 ORDER BY created_at, id",
      [welcome.conversationId],
    );
    expect(rows.map((r) => r.body)).toEqual(ids.map((_, i) => `queued message ${i + 1}`));
  });

  it("stores HTML and script exactly as given", async () => {
    const { socket } = await h.hello();
    const text = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"`;
    const clientId = randomUUID();
    socket.send(message(text, clientId));
    const ack = await socket.next(isAckFor(clientId));
    expect((await stored(String(ack.messageId)))?.body).toBe(text);
    const [echo] = await socket.collect(isEvent("message"), 1);
    expect((echo?.message as { text: string }).text).toBe(text);
  });

  it("keeps the page context with the message and uses a context frame for later messages", async () => {
    const { socket } = await h.hello();
    socket.send({ type: "context", page: { url: "https://shop.example/p/aero", title: "Aero jacket", productId: "P-JACKET" } });
    const clientId = randomUUID();
    socket.send(message("is this waterproof?", clientId, { context: { page: { url: "https://shop.example/p/aero", cartId: "cart-9" } } }));
    const ack = await socket.next(isAckFor(clientId));
    const row = await stored(String(ack.messageId));
    // The message's own page fields win; the navigation update fills in the rest.
    expect(row?.metadata.context).toEqual({
      page: { url: "https://shop.example/p/aero", cartId: "cart-9" },
    });
    const second = randomUUID();
    socket.send(message("and in blue?", second));
    const ack2 = await socket.next(isAckFor(second));
    expect((await stored(String(ack2.messageId)))?.metadata.context).toEqual({
      page: { url: "https://shop.example/p/aero", title: "Aero jacket", productId: "P-JACKET" },
    });
  });
});

describe("realtime protocol: resume", () => {
  it("replays everything after lastSeq from the database, including staff replies, status and assignee", async () => {
    const { socket, welcome } = await h.hello();
    const clientId = randomUUID();
    socket.send(message("I need help with a return", clientId));
    const ack = await socket.next(isAckFor(clientId));
    await socket.collect(isEvent("message"), 2);
    socket.kill();

    // While the shopper is away: a staff reply, an assignment and a status change.
    const conversationId = String(welcome.conversationId);
    const row = await stored(String(ack.messageId));
    expect(row).toBeDefined();
    const [conv] = await h.t.database.query<{ case_id: string }>(
      "SELECT case_id FROM realtime_conversations WHERE id = $1",
      [conversationId],
    );
    const caseId = String(conv?.case_id);
    const agentEmail = `agent.${randomUUID()}@example.com`;
    const agent = await h.t.services.auth.createUser(h.ws.workspaceId, {
      email: agentEmail,
      name: "Sam Rivera",
      role: "agent",
      password: "correct horse battery staple",
    });
    await h.t.services.cases.update(h.ws.workspaceId, caseId, { assigneeId: agent.id }, "test");
    await h.t.services.cases.postStaffMessage(h.ws.workspaceId, caseId, {
      body: "Hi, Sam here — I can help with that return.",
      direction: "outbound",
      authorId: agent.id,
    });
    await h.t.services.cases.postStaffMessage(h.ws.workspaceId, caseId, {
      body: "internal: check the order first",
      direction: "internal",
      authorId: agent.id,
    });
    await h.t.services.cases.update(h.ws.workspaceId, caseId, { status: "pending" }, "test");

    const back = await h.hello({ resumeToken: welcome.resumeToken, lastSeq: 2 });
    expect(back.welcome).toMatchObject({ resumed: true, conversationId });
    const replayed = await back.socket.collect(isEvent(), 3);
    expect(replayed.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(replayed.map((e) => e.kind).sort()).toEqual(["assignee", "message", "status"]);
    const staffReply = replayed.find((e) => e.kind === "message");
    expect(staffReply?.message).toMatchObject({ author: "agent", text: "Hi, Sam here — I can help with that return." });
    expect(replayed.find((e) => e.kind === "assignee")?.assignee).toEqual({ id: agent.id, name: "Sam Rivera" });
    expect(replayed.find((e) => e.kind === "status")?.status).toBe("pending");
    // The internal note never reaches the shopper.
    expect(JSON.stringify(back.socket.frames)).not.toContain("internal: check");
  });

  it("loses nothing and duplicates nothing across forced disconnects in both directions", async () => {
    let { socket, welcome } = await h.hello();
    const token = welcome.resumeToken;
    const conversationId = String(welcome.conversationId);
    const seen = new Map<number, Frame>();
    let lastSeq = 0;
    const absorb = (frames: Frame[]) => {
      for (const f of frames) {
        if (!isEvent()(f)) continue;
        const seq = Number(f.seq);
        expect(seen.has(seq), `event ${seq} delivered twice`).toBe(false);
        seen.set(seq, f);
        lastSeq = Math.max(lastSeq, seq);
      }
    };
    const rounds = 6;
    for (let i = 0; i < rounds; i++) {
      const clientId = randomUUID();
      socket.send(message(`round ${i} where is my order`, clientId));
      if (i % 2 === 0) {
        // The client's network drops right after sending: no ack seen, the message is resent on reconnect.
        socket.kill();
      } else {
        await socket.next(isAckFor(clientId));
        // The server drops the connection.
        for (const client of h.t.app.websocketServer.clients) client.terminate();
      }
      await socket.closed;
      absorb(socket.frames);
      ({ socket, welcome } = await h.hello({ resumeToken: token, lastSeq }));
      expect(welcome.conversationId).toBe(conversationId);
      socket.send(message(`round ${i} where is my order`, clientId));
      await socket.next(isAckFor(clientId));
      // Wait for this round's reply so each round has two events.
      await socket.collect(isEvent(), 2 * (i + 1) - lastSeq);
    }
    absorb(socket.frames);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 2 * rounds }, (_, i) => i + 1));
    const inbound = [...seen.values()].filter((e) => (e.message as { author?: string }).author === "customer");
    expect(inbound).toHaveLength(rounds);
  });

  it("a resume token is useless in another workspace", async () => {
    const { socket, welcome } = await h.hello();
    const clientId = randomUUID();
    socket.send(message("my secret question", clientId));
    await socket.next(isAckFor(clientId));
    const other = await createWorkspace(h.t.services, "Other Retail");
    const stranger = await h.hello({ resumeToken: welcome.resumeToken, lastSeq: 0 }, { workspace: other.slug });
    expect(stranger.welcome.resumed).toBe(false);
    expect(stranger.welcome.conversationId).not.toBe(welcome.conversationId);
    expect(stranger.welcome.seq).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(JSON.stringify(stranger.socket.frames)).not.toContain("my secret question");
  });

  it("two conversations never see each other's events", async () => {
    const a = await h.hello();
    const b = await h.hello();
    const idA = randomUUID();
    const idB = randomUUID();
    a.socket.send(message("alpha asks about shipping", idA));
    b.socket.send(message("bravo asks about returns", idB));
    await a.socket.collect(isEvent("message"), 2);
    await b.socket.collect(isEvent("message"), 2);
    expect(JSON.stringify(a.socket.frames)).not.toContain("bravo");
    expect(JSON.stringify(b.socket.frames)).not.toContain("alpha");
    expect(a.socket.frames.some(isAckFor(idB))).toBe(false);
  });
});

describe("realtime protocol: signed identity", () => {
  it("verifies a shopper whose site signed their email, through the customers proof API", async () => {
    const keys = (
      await h.t.app.inject({ method: "GET", url: "/api/v1/workspace/widget-keys", headers: h.ws.headers })
    ).json() as { publicKey: string; secret: string };
    expect(keys.publicKey).toMatch(/^pk_/);
    const email = `signed.${randomUUID().slice(0, 8)}@example.com`;
    const { socket, welcome } = await h.hello(
      { identity: { email, hmac: identitySignature(email, keys.secret) } },
      { workspace: keys.publicKey },
    );
    expect(welcome.identity).toBe("signed");
    const clientId = randomUUID();
    socket.send(message("hi, checking in", clientId));
    const ack = await socket.next(isAckFor(clientId));
    const row = await h.t.database.query<{ customer_id: string }>("SELECT customer_id FROM messages WHERE id = $1", [
      ack.messageId,
    ]);
    const customer = await h.t.services.customers.get(h.ws.workspaceId, String(row[0]?.customer_id));
    const device = customer.identities.find((i) => i.kind === "device");
    const mail = customer.identities.find((i) => i.kind === "email");
    expect(mail?.value).toBe(email);
    expect(device).toMatchObject({ verificationLevel: "verified", verifiedMethod: "signed_token" });
    expect(customer.verification.identities.find((p) => p.identityId === device?.id)?.carriesToContact).toBe(true);

    // Resuming the signed conversation without the identity starts afresh: the token alone is not enough.
    const anonymous = await h.hello({ resumeToken: welcome.resumeToken, lastSeq: 0 });
    expect(anonymous.welcome.resumed).toBe(false);
  });

  it("refuses a bad signature with an error frame and trusts nothing", async () => {
    const socket = await h.connect();
    const before = await h.t.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM realtime_conversations WHERE workspace_id = $1",
      [h.ws.workspaceId],
    );
    socket.send({ type: "hello", identity: { email: "maya@example.com", hmac: "0".repeat(64) } });
    const error = await socket.next(isError());
    expect(error).toMatchObject({ code: "REALTIME_IDENTITY_INVALID", field: "identity.hmac" });
    expect((await socket.closed).code).toBe(4401);
    const after = await h.t.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM realtime_conversations WHERE workspace_id = $1",
      [h.ws.workspaceId],
    );
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it("rotating the widget secret makes old signatures fail", async () => {
    const email = `rot.${randomUUID().slice(0, 8)}@example.com`;
    const old = (
      await h.t.app.inject({ method: "GET", url: "/api/v1/workspace/widget-keys", headers: h.ws.headers })
    ).json() as { secret: string };
    const rotated = await h.t.app.inject({
      method: "POST",
      url: "/api/v1/workspace/widget-keys/rotate",
      headers: h.ws.headers,
    });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).not.toBe(old.secret);
    const socket = await h.connect();
    socket.send({ type: "hello", identity: { email, hmac: identitySignature(email, old.secret) } });
    expect(await socket.next(isError("REALTIME_IDENTITY_INVALID"))).toBeDefined();
    const fresh = await h.hello({ identity: { email, hmac: identitySignature(email, rotated.json().secret) } });
    expect(fresh.welcome.identity).toBe("signed");

    // A new public key: pages with the old one are refused at the handshake, the new one connects.
    const before = rotated.json().publicKey as string;
    const replaced = await h.t.app.inject({
      method: "POST",
      url: "/api/v1/workspace/widget-keys/public-key/rotate",
      headers: h.ws.headers,
    });
    expect(replaced.json().publicKey).not.toBe(before);
    expect(replaced.json().secret).toBe(rotated.json().secret);
    await expect(h.connect({ workspace: before })).rejects.toThrow(/404/);
    expect((await h.hello({}, { workspace: replaced.json().publicKey })).welcome.resumed).toBe(false);
  });
});

describe("realtime protocol: bad input", () => {
  it("answers malformed frames with error frames and keeps the connection", async () => {
    const { socket } = await h.hello();
    socket.sendRaw("{not json");
    expect(await socket.next(isError())).toMatchObject({ code: "REALTIME_FRAME_INVALID" });
    socket.send({ type: "shout" });
    expect(await socket.next(isError())).toMatchObject({ code: "REALTIME_FRAME_INVALID", field: "type" });
    socket.send({ type: "message", text: "no id" });
    expect(await socket.next(isError())).toMatchObject({ code: "REALTIME_FRAME_INVALID", field: "clientId" });
    socket.send({ type: "message", clientId: randomUUID(), text: "   " });
    expect(await socket.next(isError())).toMatchObject({ field: "text" });
    socket.send({ type: "message", clientId: randomUUID(), text: "bad \ud800 surrogate" });
    expect(await socket.next(isError())).toMatchObject({ field: "text" });
    socket.send({ type: "message", clientId: randomUUID(), text: "x".repeat(5_001) });
    expect(await socket.next(isError())).toMatchObject({ field: "text" });
    socket.send({ type: "message", clientId: randomUUID(), text: "hi", context: { location: { latitude: 91, longitude: 0 } } });
    expect(await socket.next(isError())).toMatchObject({ field: "context.location.latitude" });
    socket.sendRaw(Buffer.from([1, 2, 3]), { binary: true });
    expect(await socket.next(isError())).toMatchObject({ code: "REALTIME_BINARY_UNSUPPORTED" });
    socket.sendRaw(JSON.stringify({ type: "message", clientId: randomUUID(), text: "y".repeat(20_000) }));
    expect(await socket.next(isError())).toMatchObject({ code: "REALTIME_FRAME_TOO_LARGE" });
    socket.send({ type: "ping" });
    expect(await socket.next((f) => f.type === "pong")).toBeDefined();
    expect(socket.open).toBe(true);
  });

  it("requires hello first, and closes a socket that never says it", async () => {
    const socket = await h.connect();
    socket.send(message("skipping hello"));
    expect(await socket.next(isError())).toMatchObject({ code: "REALTIME_HELLO_REQUIRED" });
  });

  it("closes with 1007 on invalid UTF-8 and 1009 past the hard frame limit", async () => {
    const bad = await h.connect();
    bad.sendRaw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect((await bad.closed).code).toBe(1007);
    const huge = await h.connect();
    huge.sendRaw("z".repeat(300_000));
    expect((await huge.closed).code).toBe(1009);
  });

  it("refuses an unknown workspace before the upgrade", async () => {
    await expect(h.connect({ workspace: "no-such-shop" })).rejects.toThrow(/404/);
  });
});
