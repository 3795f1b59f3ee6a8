import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/helpers";
import type { Database } from "../db/client";
import { createInProcessFanout } from "./lib/in-process-fanout";
import { createPostgresFanout } from "./lib/postgres-fanout";
import type { FanoutEvent, RealtimeFanout } from "./realtime.types";
import { openRealtimeHarness, type RealtimeHarness } from "./test-support/realtime-harness";
import { TestSocket, isAckFor, isEvent } from "./test-support/ws-client";

// Two app instances on one database. On PostgreSQL (TEST_DATABASE_URL) each has its own pool and
// its own LISTEN connection, as two nodes would; on PGlite (one owning process) they share the
// in-process fan-out.
const pgUrl = process.env.TEST_DATABASE_URL;
let database: Database;
let second: Database | undefined;
let a: RealtimeHarness;
let b: RealtimeHarness;

async function fanoutFor(db: Database, shared?: RealtimeFanout): Promise<RealtimeFanout> {
  if (pgUrl) return createPostgresFanout({ url: pgUrl, runner: db });
  return shared ?? createInProcessFanout();
}

beforeAll(async () => {
  database = await createTestDatabase();
  second = pgUrl ? await createTestDatabase() : undefined;
  const shared = pgUrl ? undefined : createInProcessFanout();
  a = await openRealtimeHarness({ database, fanout: await fanoutFor(database, shared) });
  b = await openRealtimeHarness({
    database: second ?? database,
    fanout: await fanoutFor(second ?? database, shared),
    workspace: a.ws,
  });
  await Promise.all([a.t.services.agent.warmUp(), b.t.services.agent.warmUp()]);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await second?.close();
  await database?.close();
});

describe(`realtime fan-out across two app instances (${pgUrl ? "PostgreSQL LISTEN/NOTIFY" : "in-process"})`, () => {
  it("a shopper on one instance gets a staff reply posted on the other, and staff on the other see the shopper", async () => {
    const staff = await TestSocket.open(`${b.base}/staff`, a.ws.headers);
    await staff.next((f) => f.type === "welcome");
    const { socket, welcome } = await a.hello();
    const clientId = randomUUID();
    socket.send({ type: "message", clientId, text: "can someone check my parcel?" });
    const ack = await socket.next(isAckFor(clientId));
    // 1. The staff connection on instance B hears of the message stored on instance A.
    const seen = await staff.next(
      (f) => f.type === "conversation.event" && f.conversationId === welcome.conversationId && f.messageId === ack.messageId,
    );
    expect(seen.seq).toBe(ack.seq);
    await socket.collect(isEvent("message"), 2);

    // 2. Staff reply through instance B's services; the shopper's socket on A receives it.
    const [row] = await a.t.database.query<{ case_id: string }>(
      "SELECT case_id FROM realtime_conversations WHERE id = $1",
      [welcome.conversationId],
    );
    await b.t.services.cases.postStaffMessage(a.ws.workspaceId, String(row?.case_id), {
      body: "Checking it now.",
      direction: "outbound",
      authorId: "usr_test",
    });
    const reply = await socket.next(
      (f) => isEvent("message")(f) && (f.message as { text: string }).text === "Checking it now.",
    );
    expect(reply.seq).toBe(3);
    staff.close();
  });

  it("typing from staff on one instance reaches the shopper on the other without a sequence number", async () => {
    const { socket, welcome } = await a.hello();
    const staff = await TestSocket.open(`${b.base}/staff`, a.ws.headers);
    await staff.next((f) => f.type === "welcome");
    staff.send({ type: "typing", conversationId: welcome.conversationId, on: true });
    const typing = await socket.next((f) => f.type === "event" && f.kind === "typing");
    expect(typing).toMatchObject({ by: "agent", on: true });
    expect(typing.seq).toBeUndefined();
    staff.send({ type: "typing", conversationId: "conv_not_here", on: true });
    expect(await staff.next((f) => f.type === "error")).toMatchObject({ code: "REALTIME_CONVERSATION_UNKNOWN" });
    staff.close();
  });

  it("a call transferred on one instance pops up on staff connections of the other", async () => {
    const staff = await TestSocket.open(`${b.base}/staff`, a.ws.headers);
    await staff.next((f) => f.type === "welcome");
    a.t.services.events.emit({
      name: "call.transferred",
      workspaceId: a.ws.workspaceId,
      occurredAt: new Date(),
      payload: { callSid: "CA123", customer: { id: "cus_1", name: "Maya" }, verification: "recognised" },
    });
    const pop = await staff.next((f) => f.type === "call.transferred");
    expect(pop).toMatchObject({ callSid: "CA123", customer: { name: "Maya" } });
    staff.close();
  });

  it("refuses a staff connection without credentials before the upgrade", async () => {
    await expect(TestSocket.open(`${b.base}/staff`)).rejects.toThrow(/401/);
  });
});

describe.runIf(pgUrl)("PostgreSQL fan-out", () => {
  it("tells subscribers to resync when its listening connection is cut, and keeps delivering after", async () => {
    const db = await createTestDatabase();
    const one = await createPostgresFanout({ url: String(pgUrl), runner: db });
    const two = await createPostgresFanout({ url: String(pgUrl), runner: db });
    try {
      const got: FanoutEvent[] = [];
      let resyncs = 0;
      const topic = `conversation:${randomUUID()}`;
      two.subscribe(topic, (event) => got.push(event));
      two.onResync(() => resyncs++);
      await one.publish(topic, { seq: 1 });
      await expect.poll(() => got.length).toBe(1);

      // Cut every LISTEN connection of this database; pg-listen reconnects and re-listens.
      await db.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
      );
      await expect.poll(() => resyncs, { timeout: 15_000 }).toBeGreaterThan(0);
      await one.publish(topic, { seq: 2 });
      await expect.poll(() => got.map((e) => e.seq), { timeout: 15_000 }).toEqual([1, 2]);
      await expect(one.publish(topic, { text: "x".repeat(9_000) })).rejects.toThrow(/larger than/);
    } finally {
      await one.close();
      await two.close();
      await db.close();
    }
  });
});
