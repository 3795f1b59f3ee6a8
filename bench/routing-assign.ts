/**
 * Assignment decisions with 200 agents online (random skills, languages and capacities): each
 * escalated case is queued and handed to the least-loaded eligible agent with a free slot
 * (priority score, queue choice, candidate query, the two conditional updates and the case's
 * holder) — beside a plain single-row INSERT measured the same way in the same run. Items are
 * closed between decisions, outside the timing, so agents keep free slots.
 *
 *   npx tsx bench/routing-assign.ts [--n 1000] [--agents 200] [--engines pglite,postgres] [--pg-admin-url postgres://…]
 */
import { randomBytes } from "node:crypto";
import { systemClock } from "../src/core/clock";
import { createServices } from "../src/services";
import { arg, benchDatabase, stats, timeEach, type Stats } from "./lib";

const n = Number(arg("n", "1000"));
const agentCount = Number(arg("agents", "200"));
const engines = (arg("engines", "pglite") ?? "").split(",") as ("pglite" | "postgres")[];
const config = { SESSION_TTL_HOURS: 12, VERIFICATION_TRUST_HOURS: 24, CASE_RECENCY_HOURS: 72 };
const SKILLS = ["returns", "delivery", "product", "billing"];
const INTENTS = ["return_request", "order_status", "product_info", "payment_issue"];

const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.95)] ?? 0;
const fmt = (s: Stats, samples: number[]) => `p50 ${s.p50.toFixed(2)} ms  p95 ${p95(samples).toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms (n=${s.n})`;

for (const engine of engines) {
  const { database, drop } = await benchDatabase(engine, arg("pg-admin-url"));
  const services = createServices({ database, clock: systemClock, config });
  const workspace = await services.workspaces.create({ slug: `bench-${randomBytes(4).toString("hex")}`, name: "Bench" });
  const ws = workspace.id;
  for (const skill of SKILLS) await services.routing.queues.create(ws, { name: skill, skills: [skill], timezone: "UTC" });
  await services.routing.queues.create(ws, { name: "General", skills: ["general"], timezone: "UTC", isDefault: true });
  for (let i = 0; i < agentCount; i++) {
    const user = await services.auth.createUser(ws, {
      email: `agent.${i}.${randomBytes(3).toString("hex")}@staff.example`,
      name: `Agent ${i}`,
      role: "agent",
      password: randomBytes(12).toString("base64url"),
    });
    await services.routing.configureAgent(ws, user.id, {
      skills: [SKILLS[i % 4]!, SKILLS[(i + 1) % 4]!, "general"],
      languages: i % 5 === 0 ? ["en", "es"] : ["en"],
      capacity: { chat: 1 + (i % 4), email: 3, sms: 2, voice: i % 2 },
    });
    await services.routing.setPresence(ws, user.id, "online");
  }
  const customer = await services.customers.create(ws, {
    identities: [{ kind: "email", value: `bench.${randomBytes(4).toString("hex")}@example.com` }],
  });
  const cases: string[] = [];
  for (let i = 0; i < n; i++) {
    const ingested = await services.ingest.ingest({
      workspaceId: ws,
      channel: "web_chat",
      identities: [{ kind: "email", value: customer.identities[0]!.value }],
      text: "help",
      orderRef: `B-${i}`,
      intent: INTENTS[i % 4],
    });
    cases.push(ingested.case.id);
  }
  const samples: number[] = [];
  const started = performance.now();
  let assigned = 0;
  for (const caseId of cases) {
    const t0 = performance.now();
    const item = await services.routing.enqueue({ workspaceId: ws, caseId, sentiment: -0.2 });
    samples.push(performance.now() - t0);
    if (item.assigneeId) assigned++;
    await services.routing.closeFor(ws, caseId, "resolved");
  }
  const decisions = stats(samples, performance.now() - started);
  await database.exec("CREATE TABLE IF NOT EXISTS bench_rows (id text PRIMARY KEY, body text)");
  const insertSamples: number[] = [];
  const insert = await timeEach(n, async (i) => {
    const t0 = performance.now();
    await database.query("INSERT INTO bench_rows (id, body) VALUES ($1, $2)", [`r${i}-${randomBytes(4).toString("hex")}`, "x"]);
    insertSamples.push(performance.now() - t0);
  });
  console.log(`\n${engine}: ${agentCount} agents online, ${n} decisions, ${assigned} assigned at once`);
  console.log(`  queue + assign          ${fmt(decisions, samples)}`);
  console.log(`  plain INSERT            ${fmt(insert, insertSamples)}   ratio ×${(p95(samples) / p95(insertSamples)).toFixed(1)} at p95`);
  await drop();
}
