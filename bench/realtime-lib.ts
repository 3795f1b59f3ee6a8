import type { AddressInfo } from "node:net";
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { systemClock } from "../src/core/clock";
import { buildApp } from "../src/http/app";
import { createServices } from "../src/services";
import { seedRetail } from "../src/agent/test-support/retail-fixture";
import { benchDatabase } from "./lib";

const UNLIMITED = 1_000_000_000;

/**
 * A listening Throughline with the demo retail data, limits lifted (every client shares one
 * address here) and the NLU trained, for the realtime benchmarks.
 */
export async function startRealtimeBench(engine: "pglite" | "postgres", adminUrl?: string) {
  const { database, drop } = await benchDatabase(engine, adminUrl);
  const services = createServices({
    database,
    clock: systemClock,
    config: { SESSION_TTL_HOURS: 12, VERIFICATION_TRUST_HOURS: 24, CASE_RECENCY_HOURS: 72 },
  });
  await services.agent.warmUp();
  const workspace = await services.workspaces.create({ slug: `bench-${randomBytes(3).toString("hex")}`, name: "Bench" });
  await seedRetail(services, workspace.id, { maya: "maya.bench@example.com", jane: "jane.bench@example.com" });
  const app = await buildApp({
    services,
    logger: false,
    limits: {
      ipPerMinute: UNLIMITED,
      keyPerMinute: UNLIMITED,
      senderPerMinute: UNLIMITED,
      authFailuresPerIpPerMinute: UNLIMITED,
    },
    realtimeLimits: {
      conversationsPerAddressPerMinute: UNLIMITED,
      messagesPerIdentityPerMinute: UNLIMITED,
      messageBurst: 1_000,
      messagesPerSecond: 1_000,
    },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as AddressInfo).port;
  return {
    database,
    services,
    app,
    url: `ws://127.0.0.1:${port}/api/v1/realtime/customer?workspace=${workspace.slug}`,
    workspaceId: workspace.id,
    async close() {
      await app.close();
      await drop();
    },
  };
}

/** Plain single-row INSERTs at the given concurrency: the baseline each figure stands beside. */
export async function insertBaseline(
  database: { query(sql: string, params?: unknown[]): Promise<unknown> },
  workspaceId: string,
  total: number,
  concurrency: number,
): Promise<number[]> {
  await database.query(
    "CREATE TABLE IF NOT EXISTS bench_baseline (id text PRIMARY KEY, workspace_id text NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
  );
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await database.query("INSERT INTO bench_baseline (id, workspace_id, body) VALUES ($1, $2, $3)", [
          `rt${i}-${randomBytes(3).toString("hex")}`,
          workspaceId,
          "is the Soho store open now?",
        ]);
        samples.push(performance.now() - t);
      }
    }),
  );
  return samples;
}

type ServerReply = { url: string } | { baseline: number[] } | { dropped: true };

/**
 * Runs the server in a child process: clients in the benchmark's own process would share its
 * event loop, so a reply being computed would hold back the measurement of every other frame.
 * The child also measures the INSERT baseline, on the database only it may open.
 */
export async function forkRealtimeServer(engine: "pglite" | "postgres", adminUrl?: string) {
  const child = fork(fileURLToPath(new URL("./realtime-server.ts", import.meta.url)), [engine, adminUrl ?? ""], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () =>
    new Promise<ServerReply>((resolve, reject) => {
      child.once("message", (message) => resolve(message as ServerReply));
      child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    });
  const ready = await next();
  if (!("url" in ready)) throw new Error("server did not report its url");
  return {
    url: ready.url,
    async baseline(total: number, concurrency: number): Promise<number[]> {
      child.send({ baseline: { total, concurrency } });
      const reply = await next();
      if (!("baseline" in reply)) throw new Error("server did not report the baseline");
      return reply.baseline;
    },
    /** The server terminates every open socket. */
    async drop(): Promise<void> {
      child.send({ drop: true });
      await next();
    },
    async close() {
      child.send({ close: true });
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}
