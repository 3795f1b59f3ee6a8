/**
 * Escalation → inbox: the time from the escalation decision (the handoff desk taking the case:
 * summary, queue entry) to the `case.changed` event for that case arriving on an agent's staff
 * WebSocket — the moment the agent workspace's inbox learns of it. The server listens on a real
 * port; the agent's socket authenticates with the subprotocol token as the browser does.
 * Beside it, a plain single-row INSERT measured the same way in the same run.
 *
 *   npx tsx bench/inbox-latency.ts [--n 200]
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import { systemClock } from "../src/core/clock";
import { buildApp } from "../src/http/app";
import { createServices } from "../src/services";
import { arg, benchDatabase, stats, timeEach, type Stats } from "./lib";

const n = Number(arg("n", "200"));
const config = { SESSION_TTL_HOURS: 12, VERIFICATION_TRUST_HOURS: 24, CASE_RECENCY_HOURS: 72 };

const sortedAt = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length * q)] ?? 0;
const fmt = (s: Stats, samples: number[]) =>
  `p50 ${s.p50.toFixed(2)} ms  p95 ${sortedAt(samples, 0.95).toFixed(2)} ms  (n=${s.n})`;

const { database, drop } = await benchDatabase("pglite");
const services = createServices({ database, clock: systemClock, config });
const app = await buildApp({ services, logger: false });
await app.listen({ port: 0, host: "127.0.0.1" });
const port = (app.server.address() as AddressInfo).port;

const slug = `bench-${randomBytes(4).toString("hex")}`;
const ws = (await services.workspaces.create({ slug, name: "Bench" })).id;
await services.routing.queues.create(ws, { name: "Support", timezone: "UTC", isDefault: true });
const password = randomBytes(12).toString("base64url");
const email = `agent.${randomBytes(3).toString("hex")}@staff.example`;
await services.auth.createUser(ws, { email, name: "Bench Agent", role: "agent", password });
const { token } = await services.auth.login(slug, email, password);

const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime/staff`, [
  "throughline.staff.v1",
  `throughline.bearer.${token}`,
]);
const waiters = new Map<string, () => void>();
await new Promise<void>((resolve, reject) => {
  socket.once("error", reject);
  socket.on("message", (data) => {
    const event = JSON.parse(String(data)) as { type: string; caseId?: string; change?: string };
    if (event.type === "welcome") resolve();
    if (event.type === "case.changed" && event.change === "case.queued" && event.caseId)
      waiters.get(event.caseId)?.();
  });
});

const cases: string[] = [];
for (let i = 0; i < n; i++) {
  const ingested = await services.ingest.ingest({
    workspaceId: ws,
    channel: "web_chat",
    identities: [{ kind: "email", value: `shopper.${i}.${randomBytes(3).toString("hex")}@example.com` }],
    text: "I want to speak to a person about my parcel",
    intent: "human_agent",
  });
  cases.push(ingested.case.id);
}

const desk = services.handoff.desk;
const samples: number[] = [];
const started = performance.now();
for (const caseId of cases) {
  const arrived = new Promise<void>((resolve) => waiters.set(caseId, resolve));
  const t0 = performance.now();
  await desk.escalated({
    workspaceId: ws,
    caseId,
    reason: "customer_requested",
    sentiment: -0.2,
    frustration: 0.3,
  });
  await arrived;
  samples.push(performance.now() - t0);
  waiters.delete(caseId);
  // Keep the queue short, outside the timing, so every decision sees the same state.
  await services.routing.closeFor(ws, caseId, "resolved");
}
const inbox = stats(samples, performance.now() - started);

await database.exec("CREATE TABLE IF NOT EXISTS bench_rows (id text PRIMARY KEY, body text)");
const insertSamples: number[] = [];
const insert = await timeEach(n, async (i) => {
  const t0 = performance.now();
  await database.query("INSERT INTO bench_rows (id, body) VALUES ($1, $2)", [
    `r${i}-${randomBytes(4).toString("hex")}`,
    "x",
  ]);
  insertSamples.push(performance.now() - t0);
});

console.log(`\npglite: ${n} escalations, one agent's staff socket`);
console.log(`  escalation → case on staff socket  ${fmt(inbox, samples)}`);
console.log(
  `  plain INSERT                       ${fmt(insert, insertSamples)}   ratio ×${(sortedAt(samples, 0.95) / sortedAt(insertSamples, 0.95)).toFixed(1)} at p95`,
);
socket.close();
await app.close();
await drop();
