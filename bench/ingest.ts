/**
 * Resolve an identity + append an inbound message to a case, against a plain single-row INSERT
 * on the same engine in the same run.
 *
 *   npx tsx bench/ingest.ts [--n 2000] [--engines pglite,postgres] [--pg-admin-url postgres://…]
 */
import { systemClock } from "../src/core/clock";
import { createServices } from "../src/services";
import { arg, benchDatabase, fmt, timeEach, type Stats } from "./lib";

const n = Number(arg("n", "2000"));
const engines = (arg("engines", "pglite,postgres") ?? "").split(",") as ("pglite" | "postgres")[];
const config = { SESSION_TTL_HOURS: 12, VERIFICATION_TRUST_HOURS: 24, CASE_RECENCY_HOURS: 72 };

const rows: { engine: string; insert: Stats; ingestNew: Stats; ingestKnown: Stats }[] = [];
for (const engine of engines) {
  const { database, drop } = await benchDatabase(engine, arg("pg-admin-url"));
  try {
    const services = createServices({ database, clock: systemClock, config });
    const workspace = await services.workspaces.create({ slug: `bench-${Date.now()}`, name: "Bench" });
    await database.exec(
      "CREATE TABLE bench_baseline (id text PRIMARY KEY, workspace_id text NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
    );
    // Warm-up so JIT and caches do not count against the first series.
    for (let i = 0; i < 50; i++) {
      await database.query("INSERT INTO bench_baseline (id, workspace_id, body) VALUES ($1, $2, $3)", [
        `w${i}`,
        workspace.id,
        "warm",
      ]);
      await services.ingest.ingest({
        workspaceId: workspace.id,
        channel: "web_chat",
        identities: [{ kind: "email", value: `warm${i}@example.com` }],
        text: "warm",
      });
    }
    const insert = await timeEach(n, (i) =>
      database.query("INSERT INTO bench_baseline (id, workspace_id, body) VALUES ($1, $2, $3)", [
        `b${i}`,
        workspace.id,
        "Where is my order?",
      ]),
    );
    const ingestNew = await timeEach(n, (i) =>
      services.ingest.ingest({
        workspaceId: workspace.id,
        channel: "web_chat",
        identities: [{ kind: "email", value: `shopper${i}@example.com` }],
        text: "Where is my order?",
        orderRef: String(1000 + i),
      }),
    );
    const ingestKnown = await timeEach(n, (i) =>
      services.ingest.ingest({
        workspaceId: workspace.id,
        channel: "email",
        identities: [{ kind: "email", value: `shopper${i}@example.com` }],
        text: "Any update?",
        orderRef: String(1000 + i),
      }),
    );
    rows.push({ engine, insert, ingestNew, ingestKnown });
  } finally {
    await drop();
  }
}

console.log(`\nIdentity resolution + case attachment + message append (n=${n} each, sequential)\n`);
console.log(
  "| engine | plain INSERT (ms, p50) | new customer (ms, p50 / p99) | returning customer (ms, p50 / p99) | ratio to INSERT (mean, returning) |",
);
console.log("|---|---|---|---|---|");
for (const row of rows) {
  console.log(
    `| ${row.engine} | ${fmt(row.insert.p50, 3)} | ${fmt(row.ingestNew.p50)} / ${fmt(row.ingestNew.p99)} | ${fmt(row.ingestKnown.p50)} / ${fmt(row.ingestKnown.p99)} | ${fmt(row.ingestKnown.mean / row.insert.mean, 1)}× |`,
  );
}
