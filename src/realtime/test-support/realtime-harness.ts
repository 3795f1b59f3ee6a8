import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import {
  createTestDatabase,
  createWorkspace,
  TEST_CONFIG,
  TEST_LIMITS,
  type TestContext,
  type WorkspaceFixture,
} from "../../../test/helpers";
import { systemClock, type Clock } from "../../core/clock";
import type { Database } from "../../db/client";
import { buildApp } from "../../http/app";
import { createRateLimitCounter, type RateLimitCounter } from "../../http/plugins/rate-limit-counter";
import { createServices } from "../../services";
import type { PushProvider } from "../../channels/mobile";
import type { OutboxSettings } from "../../outbox";
import type { RealtimeLimits } from "../customer-session";
import type { RealtimeFanout } from "../realtime.types";
import { TestSocket, type Frame } from "./ws-client";

export type RealtimeHarness = {
  t: TestContext;
  ws: WorkspaceFixture;
  base: string;
  connect(options?: { workspace?: string; channel?: "web_chat" | "mobile" }): Promise<TestSocket>;
  /** Connects and says hello; returns the socket and the welcome frame. */
  hello(
    frame?: Record<string, unknown>,
    options?: { workspace?: string; channel?: "web_chat" | "mobile" },
  ): Promise<{ socket: TestSocket; welcome: Frame }>;
  close(): Promise<void>;
};

/** A listening app (real sockets) over a real database, with one fresh workspace. */
export async function openRealtimeHarness(
  options: {
    limits?: Partial<RealtimeLimits>;
    database?: Database;
    fanout?: RealtimeFanout;
    clock?: Clock;
    /** Another app on the same database: its workspace is reused. */
    workspace?: WorkspaceFixture;
    pushProvider?: PushProvider;
    outbox?: Partial<OutboxSettings>;
  } = {},
): Promise<RealtimeHarness> {
  const t = await realtimeContext(options);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const port = (t.app.server.address() as AddressInfo).port;
  const base = `ws://127.0.0.1:${port}/api/v1/realtime`;
  const ws = options.workspace ?? (await createWorkspace(t.services));
  const sockets: TestSocket[] = [];
  const connect: RealtimeHarness["connect"] = async (target = {}) => {
    const socket = await TestSocket.open(
      `${base}/customer?workspace=${encodeURIComponent(target.workspace ?? ws.slug)}&channel=${target.channel ?? "web_chat"}`,
    );
    sockets.push(socket);
    return socket;
  };
  return {
    t,
    ws,
    base,
    connect,
    async hello(frame = {}, target = {}) {
      const socket = await connect(target);
      socket.send({ type: "hello", ...frame });
      const welcome = await socket.next((f) => f.type === "welcome" || f.type === "error");
      if (welcome.type !== "welcome") throw new Error(`hello refused: ${JSON.stringify(welcome)}`);
      return { socket, welcome };
    },
    async close() {
      for (const socket of sockets) socket.kill();
      await t.close();
    },
  };
}

/** Like the shared test context, with realtime limits and the fan-out chosen by the test. */
async function realtimeContext(options: {
  limits?: Partial<RealtimeLimits>;
  database?: Database;
  fanout?: RealtimeFanout;
  clock?: Clock;
  pushProvider?: PushProvider;
  outbox?: Partial<OutboxSettings>;
}): Promise<TestContext> {
  const ownDatabase = !options.database;
  const database = options.database ?? (await createTestDatabase());
  const services = createServices({
    database,
    clock: options.clock ?? systemClock,
    config: TEST_CONFIG,
    fanout: options.fanout,
    pushProvider: options.pushProvider,
    outbox: options.outbox,
  });
  const app = await buildApp({
    services,
    logger: false,
    limits: TEST_LIMITS,
    realtimeLimits: options.limits,
    rateLimitCounter: harnessCounter(database),
  });
  await app.ready();
  return {
    database,
    services,
    app,
    async close() {
      await app.close();
      await options.fanout?.close();
      if (ownDatabase) await database.close();
    },
  };
}

const counterScopes = new WeakMap<Database, string>();

/**
 * Every socket here comes from 127.0.0.1, and on PostgreSQL the counters table is shared by every
 * test file: without a scope, conversations opened by the file before would count against this one.
 * Nodes over the same database share a scope, as they share counts in production.
 */
function harnessCounter(database: Database): RateLimitCounter | undefined {
  if (database.kind === "pglite") return undefined;
  let scope = counterScopes.get(database);
  if (!scope) counterScopes.set(database, (scope = randomUUID()));
  const inner = createRateLimitCounter(database);
  const scoped = (key: string) => `${scope}:${key}`;
  return {
    hit: (key, windowMs) => inner.hit(scoped(key), windowMs),
    peek: (key) => inner.peek(scoped(key)),
    fail: (key, threshold, baseSeconds) => inner.fail(scoped(key), threshold, baseSeconds),
    blockedFor: (key) => inner.blockedFor(scoped(key)),
    reset: (key) => inner.reset(scoped(key)),
  };
}
