/**
 * A full agent turn on the built-in engine — resolve customer and case, understand, decide, call
 * a tool, persist the reply, the turn record and the dialogue state, respond — with C
 * conversations in flight at once, beside a plain single-row INSERT measured the same way in the
 * same run (same concurrency, same engine).
 *
 * Two loads: "saturated" (each conversation sends its next message the moment the reply arrives:
 * a throughput test, where latency is mostly queueing) and "paced" (each customer answers
 * --think-ms ± 50 % after the reply, like people typing; default 2000 ms).
 *
 *   npx tsx bench/agent-turn.ts [--conversations 50] [--rounds 4] [--think-ms 2000] [--engines pglite,postgres] [--pg-admin-url postgres://…]
 */
import { randomBytes } from "node:crypto";
import { createImportService } from "../src/connectors";
import { systemClock } from "../src/core/clock";
import { createServices } from "../src/services";
import { seedRetail } from "../src/agent/test-support/retail-fixture";
import { arg, benchDatabase, stats, type Stats } from "./lib";

const conversations = Number(arg("conversations", "50"));
const rounds = Number(arg("rounds", "4"));
const engines = (arg("engines", "pglite") ?? "").split(",") as ("pglite" | "postgres")[];
const thinkMs = Number(arg("think-ms", "2000"));
const config = { SESSION_TTL_HOURS: 12, VERIFICATION_TRUST_HOURS: 24, CASE_RECENCY_HOURS: 72 };

/** Each conversation: a store question (stores.hours), an order question (order.status), thanks. */
const script = (order: string) => [
  "hi there",
  "is the Soho store open now?",
  `where is my order ${order}?`,
  "what about the Upper West Side store?",
  "thanks, bye",
];

/** Runs `perConversation(c, step)` for every conversation concurrently, steps in order within each. */
async function concurrently(
  steps: number,
  perConversation: (c: number, step: number) => Promise<unknown>,
  think = 0,
) {
  const samples: number[] = [];
  const start = performance.now();
  const pause = () => new Promise((resolve) => setTimeout(resolve, think * (0.5 + Math.random())));
  await Promise.all(
    Array.from({ length: conversations }, async (_, c) => {
      if (think) await pause();
      for (let step = 0; step < steps; step++) {
        const t = performance.now();
        await perConversation(c, step);
        samples.push(performance.now() - t);
        if (think) await pause();
      }
    }),
  );
  return stats(samples, performance.now() - start);
}

const fmtStats = (s: Stats) =>
  `n=${s.n} p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  mean ${s.mean.toFixed(2)} ms  ${s.opsPerSec.toFixed(0)}/s`;

for (const engine of engines) {
  const { database, drop } = await benchDatabase(engine, arg("pg-admin-url"));
  try {
    const services = createServices({ database, clock: systemClock, config });
    const t0 = performance.now();
    const trainingMs = await services.agent.warmUp();
    console.log(`[${engine}] NLU training ${trainingMs} ms (engine reported), ${(performance.now() - t0).toFixed(0)} ms wall`);
    const workspace = await services.workspaces.create({ slug: `bench-${randomBytes(3).toString("hex")}`, name: "Bench" });
    await seedRetail(services, workspace.id, { maya: "maya.bench@example.com", jane: "jane.bench@example.com" });
    const emails = Array.from({ length: conversations * (rounds + 1) }, (_, i) => `shopper${i}.${randomBytes(2).toString("hex")}@example.com`);
    const imports = createImportService({ db: services.db, clock: services.clock });
    await imports.importRecords(
      workspace.id,
      "orders",
      emails.map((email, i) => ({
        number: String(50_000 + i),
        status: "shipped",
        customer: { email },
        shippingAddress: { line1: "1 Main Street", city: "New York", postalCode: "10012", country: "US" },
        lines: [{ id: "L1", sku: "JKT-M-BLK", title: "Aero Running Jacket", quantity: 1, unitPrice: 120 }],
        fulfilments: [{ id: "F1", status: "in_transit", carrier: "UPS", trackingNumbers: [`1Z${i}`], lineIds: ["L1"], shippedAt: new Date().toISOString() }],
      })),
    );
    // Customers are verified as if signed in on the retailer's site, so order questions run the tool.
    for (const email of emails) {
      const customer = await services.customers.create(workspace.id, { identities: [{ kind: "email", value: email }] });
      await services.customers.verifyIdentity(workspace.id, customer.id, customer.identities[0]?.id ?? "", "signed_token", "bench");
    }
    await database.exec(
      "CREATE TABLE IF NOT EXISTS bench_baseline (id text PRIMARY KEY, workspace_id text NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
    );

    const lines = script("0");
    const turn = (email: string, order: string, step: number) =>
      services.agent.handleInbound({
        workspaceId: workspace.id,
        channel: "web_chat",
        identities: [{ kind: "email", value: email }],
        text: script(order)[step] ?? "thanks",
      });
    let insertSeq = 0;
    const insert = () =>
      database.query("INSERT INTO bench_baseline (id, workspace_id, body) VALUES ($1, $2, $3)", [
        `b${insertSeq++}`,
        workspace.id,
        "Where is my order?",
      ]);

    // Warm-up round (JIT, caches, gazetteer) — not counted.
    await concurrently(lines.length, (c, step) => turn(emails[c] as string, String(50_000 + c), step));
    await concurrently(lines.length, () => insert());

    const turnSamples: Stats[] = [];
    const insertSamples: Stats[] = [];
    for (let r = 1; r <= rounds; r++) {
      turnSamples.push(
        await concurrently(lines.length, (c, step) => {
          const i = r * conversations + c;
          return turn(emails[i] as string, String(50_000 + i), step);
        }),
      );
      insertSamples.push(await concurrently(lines.length, () => insert()));
    }
    const merge = (list: Stats[]): Stats => {
      const n = list.reduce((a, s) => a + s.n, 0);
      const totalMs = list.reduce((a, s) => a + s.totalMs, 0);
      return {
        n,
        totalMs,
        opsPerSec: (n / totalMs) * 1000,
        p50: median(list.map((s) => s.p50)),
        p99: median(list.map((s) => s.p99)),
        mean: list.reduce((a, s) => a + s.mean * s.n, 0) / n,
      };
    };
    // Paced: the same conversations with people's pauses between messages; inserts paced alike.
    const pacedTurns: Stats[] = [];
    const pacedInserts: Stats[] = [];
    const pacedEmails = Array.from({ length: conversations }, (_, c) => emails[(rounds * conversations + c) % emails.length] as string);
    for (let r = 0; r < 2; r++) {
      pacedTurns.push(
        await concurrently(lines.length, (c, step) => turn(pacedEmails[c] as string, String(50_000 + ((rounds * conversations + c) % emails.length)), step), thinkMs),
      );
      pacedInserts.push(await concurrently(lines.length, () => insert(), thinkMs));
    }
    const turns = merge(turnSamples);
    const inserts = merge(insertSamples);
    // One conversation at a time: what a turn costs when it does not queue behind others.
    const alone = await (async () => {
      const samples: number[] = [];
      const start = performance.now();
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        await turn(emails[i % emails.length] as string, String(50_000 + (i % emails.length)), (i % 4) + 1);
        samples.push(performance.now() - t);
      }
      return stats(samples, performance.now() - start);
    })();
    const insertAlone = await (async () => {
      const samples: number[] = [];
      const start = performance.now();
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        await insert();
        samples.push(performance.now() - t);
      }
      return stats(samples, performance.now() - start);
    })();
    console.log(`[${engine}] saturated: ${conversations} conversations × ${lines.length} turns × ${rounds} rounds, no pause (median of rounds):`);
    console.log(`  agent turn     ${fmtStats(turns)}`);
    console.log(`  plain INSERT   ${fmtStats(inserts)}`);
    console.log(`  ratio          p50 ×${(turns.p50 / inserts.p50).toFixed(1)}  p99 ×${(turns.p99 / inserts.p99).toFixed(1)}`);
    const paced = merge(pacedTurns);
    const pacedInsert = merge(pacedInserts);
    console.log(`[${engine}] ${conversations} concurrent conversations, customers answering after ${thinkMs} ms ± 50 %:`);
    console.log(`  agent turn     ${fmtStats(paced)}`);
    console.log(`  plain INSERT   ${fmtStats(pacedInsert)}`);
    console.log(`  ratio          p50 ×${(paced.p50 / pacedInsert.p50).toFixed(1)}  p99 ×${(paced.p99 / pacedInsert.p99).toFixed(1)}`);
    console.log(`[${engine}] one conversation at a time:`);
    console.log(`  agent turn     ${fmtStats(alone)}`);
    console.log(`  plain INSERT   ${fmtStats(insertAlone)}`);
    console.log(`  ratio          p50 ×${(alone.p50 / insertAlone.p50).toFixed(1)}`);
  } finally {
    await drop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
