import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, manualClock } from "../../test/helpers";
import { openDatabase, type Database } from "../db/client";
import { migrate } from "../db/migrate";
import { createOutbox, PermanentEffectError, type StoredEffect } from "./index";

const clock = manualClock("2026-03-01T09:00:00Z");
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

// Kinds and workspaces are unique per test: on PostgreSQL every test file shares one database.
const uniqueKind = () => `test.${randomBytes(4).toString("hex")}`;
const workspaceId = `ws_outbox_${randomBytes(4).toString("hex")}`;
const fast = {
  backoff: { baseMs: 1000, maxMs: 8000 },
  maxAttempts: 4,
  leaseMs: 60_000,
  attemptTimeoutMs: 5_000,
};
const outboxOn = (db: Database, settings = {}) =>
  createOutbox({ db: db.db, clock, settings: { ...fast, ...settings }, random: () => 1 });

describe("outbox", () => {
  it("records one effect when the same key is enqueued twice, and delivers it once", async () => {
    const outbox = outboxOn(database);
    const kind = uniqueKind();
    const seen: StoredEffect[] = [];
    outbox.register(kind, async (effect) => {
      seen.push(effect);
    });
    const first = await outbox.enqueue(database.db, { workspaceId, kind, key: "order-1", payload: { n: 1 } });
    const second = await outbox.enqueue(database.db, {
      workspaceId,
      kind,
      key: "order-1",
      payload: { n: 2 },
    });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(first.id).toMatch(/^eff_/);

    expect(await outbox.drainDue()).toBe(1);
    expect(await outbox.drainDue()).toBe(0);
    expect(seen.map((effect) => [effect.id, effect.payload])).toEqual([[first.id, { n: 1 }]]);
    expect(await outbox.get(workspaceId, first.id)).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("records nothing when the transaction that enqueued rolls back", async () => {
    const outbox = outboxOn(database);
    const kind = uniqueKind();
    await database.db
      .transaction(async (tx) => {
        await outbox.enqueue(tx, { workspaceId, kind, key: "k", payload: {} });
        throw new Error("the change failed");
      })
      .catch(() => undefined);
    expect(await outbox.list(workspaceId, { kinds: [kind], limit: 10 })).toEqual([]);
  });

  it("retries a failing effect with growing delays under the same id, then marks it dead", async () => {
    const outbox = outboxOn(database);
    const kind = uniqueKind();
    const ids: string[] = [];
    outbox.register(kind, async (effect) => {
      ids.push(effect.id);
      throw new Error("receiver answered 503");
    });
    const { id } = await outbox.enqueue(database.db, { workspaceId, kind, key: "k", payload: {} });
    const start = clock.now().getTime();

    // 1. The first attempt fails; the next is due after the first back-off (1 s with random=1).
    expect(await outbox.drainDue()).toBe(0);
    let stored = await outbox.get(workspaceId, id);
    expect(stored).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: "Error: receiver answered 503",
    });
    expect(stored!.nextAttemptAt.getTime() - start).toBe(1000);
    // 2. Not due yet: nothing is attempted.
    await outbox.drainDue();
    expect(ids).toHaveLength(1);
    // 3. Each later attempt waits twice as long.
    clock.advance(1000);
    await outbox.drainDue();
    stored = await outbox.get(workspaceId, id);
    expect(stored!.nextAttemptAt.getTime() - clock.now().getTime()).toBe(2000);
    clock.advance(2000);
    await outbox.drainDue();
    clock.advance(4000);
    await outbox.drainDue();
    // 4. The fourth attempt was the last: dead, and never attempted again.
    expect(await outbox.get(workspaceId, id)).toMatchObject({ status: "dead", attempts: 4 });
    clock.advance(3_600_000);
    await outbox.drainDue();
    expect(ids).toEqual([id, id, id, id]);
  });

  it("marks an effect dead at once on a permanent error, and replays it under the same id", async () => {
    const outbox = outboxOn(database);
    const kind = uniqueKind();
    let accept = false;
    const ids: string[] = [];
    outbox.register(kind, async (effect) => {
      ids.push(effect.id);
      if (!accept) throw new PermanentEffectError("receiver answered 410");
    });
    const { id } = await outbox.enqueue(database.db, { workspaceId, kind, key: "k", payload: {} });
    await outbox.drainDue();
    expect(await outbox.get(workspaceId, id)).toMatchObject({ status: "dead", attempts: 1 });

    accept = true;
    const replayed = await outbox.replay(workspaceId, id);
    expect(replayed).toMatchObject({ id, status: "pending", attempts: 0 });
    expect(await outbox.drainDue()).toBe(1);
    expect(ids).toEqual([id, id]);
    await expect(outbox.replay("ws_other", id)).rejects.toMatchObject({ code: "OUTBOX_EFFECT_NOT_FOUND" });
  });

  it("holds an effect until its notBefore time, and leaves kinds without a handler untouched", async () => {
    const outbox = outboxOn(database);
    const kind = uniqueKind();
    const orphanKind = uniqueKind();
    let calls = 0;
    outbox.register(kind, async () => {
      calls += 1;
    });
    await outbox.enqueue(database.db, {
      workspaceId,
      kind,
      key: "later",
      payload: {},
      notBefore: new Date(clock.now().getTime() + 60_000),
    });
    const orphan = await outbox.enqueue(database.db, {
      workspaceId,
      kind: orphanKind,
      key: "x",
      payload: {},
    });
    expect(await outbox.drainDue()).toBe(0);
    clock.advance(60_000);
    expect(await outbox.drainDue()).toBe(1);
    expect(calls).toBe(1);
    expect(await outbox.get(workspaceId, orphan.id)).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("retakes a claim whose worker stopped answering once the lease runs out, and ignores the late outcome", async () => {
    const stuck = outboxOn(database);
    const rescuer = outboxOn(database);
    const kind = uniqueKind();
    let release: () => void = () => undefined;
    const delivered: string[] = [];
    stuck.register(kind, (effect) => {
      delivered.push(`stuck:${effect.id}`);
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    rescuer.register(kind, async (effect) => {
      delivered.push(`rescuer:${effect.id}`);
    });
    const { id } = await stuck.enqueue(database.db, { workspaceId, kind, key: "k", payload: {} });

    // 1. The first worker claims and hangs.
    const hanging = stuck.drainDue();
    await expect.poll(() => delivered.length).toBe(1);
    // 2. Within the lease, the second worker finds nothing to do.
    expect(await rescuer.drainDue()).toBe(0);
    // 3. Past the lease the claim is taken again and delivered under the same id.
    clock.advance(60_001);
    expect(await rescuer.drainDue()).toBe(1);
    // 4. The first worker finally returns: its claim is gone, so its outcome is not recorded.
    release();
    await hanging;
    expect(delivered).toEqual([`stuck:${id}`, `rescuer:${id}`]);
    expect(await rescuer.get(workspaceId, id)).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("aborts an attempt that runs past its time limit and retries it", async () => {
    const outbox = outboxOn(database, { attemptTimeoutMs: 50 });
    const kind = uniqueKind();
    let aborted = false;
    outbox.register(
      kind,
      (_effect, { signal }) =>
        new Promise<void>(() => {
          signal.addEventListener("abort", () => {
            aborted = true;
          });
        }),
    );
    const { id } = await outbox.enqueue(database.db, { workspaceId, kind, key: "k", payload: {} });
    expect(await outbox.drainDue()).toBe(0);
    expect(aborted).toBe(true);
    expect(await outbox.get(workspaceId, id)).toMatchObject({
      status: "pending",
      lastError: "Error: attempt timed out",
    });
  });

  it("never gives one effect to two workers at once", async () => {
    // On PostgreSQL the two workers use separate connection pools, as two nodes would.
    const url = process.env.TEST_DATABASE_URL;
    const second = url ? await openDatabase({ url, poolSize: 4 }) : database;
    try {
      const kind = uniqueKind();
      const a = outboxOn(database, { batchSize: 3 });
      const b = outboxOn(second, { batchSize: 3 });
      const deliveries = new Map<string, number>();
      const handler = async (effect: StoredEffect) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        deliveries.set(effect.id, (deliveries.get(effect.id) ?? 0) + 1);
      };
      a.register(kind, handler);
      b.register(kind, handler);
      for (let i = 0; i < 30; i++)
        await a.enqueue(database.db, { workspaceId, kind, key: `k${i}`, payload: { i } });
      const [fromA, fromB] = await Promise.all([a.drainDue(), b.drainDue()]);
      expect(fromA + fromB).toBe(30);
      expect(deliveries.size).toBe(30);
      expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
    } finally {
      if (second !== database) await second.close();
    }
  });
});

describe("outbox across a restart", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-outbox-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const open = async () => {
    const url = process.env.TEST_DATABASE_URL;
    const opened = await openDatabase(url ? { url, poolSize: 2 } : { dataDir });
    await migrate(opened);
    return opened;
  };

  it("keeps enqueued effects, never redelivers a delivered one, and finishes one cut off mid-delivery", async () => {
    const kind = uniqueKind();
    const delivered: string[] = [];
    // 1. First run: two effects; one is delivered, the other is claimed when the process dies.
    let db = await open();
    let outbox = outboxOn(db);
    const done = await outbox.enqueue(db.db, { workspaceId, kind, key: "done", payload: {} });
    outbox.register(kind, async (effect) => {
      delivered.push(effect.id);
    });
    expect(await outbox.drainDue()).toBe(1);
    const cut = await outbox.enqueue(db.db, { workspaceId, kind, key: "cut", payload: {} });
    const dying = outboxOn(db);
    dying.register(kind, () => new Promise<void>(() => undefined));
    void dying.drainDue();
    await expect.poll(async () => (await outbox.get(workspaceId, cut.id))?.status).toBe("delivering");
    await db.close().catch(() => undefined);

    // 2. Second run on the same data: the delivered effect stays delivered; the cut-off one is
    //    retaken after its lease and delivered under the same id.
    db = await open();
    outbox = outboxOn(db);
    outbox.register(kind, async (effect) => {
      delivered.push(effect.id);
    });
    expect(await outbox.drainDue()).toBe(0);
    clock.advance(60_001);
    expect(await outbox.drainDue()).toBe(1);
    expect(delivered).toEqual([done.id, cut.id]);
    expect(await outbox.get(workspaceId, cut.id)).toMatchObject({ status: "delivered", attempts: 2 });
    await db.close();
  }, 180_000); // opens the database three times: slow on a loaded machine
});
