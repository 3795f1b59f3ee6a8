/**
 * Knowledge base: ranked full-text search over 10k entries (p50/p95), against a plain indexed
 * SELECT by id on the same engine in the same run; and the time from a publish call returning
 * to the next read (PolicySource and search) having the new version — on PostgreSQL also from
 * a second node (its own connection pool, as a second app server has).
 *
 *   npx tsx bench/knowledge-search.ts [--entries 10000] [--queries 500] [--publishes 50]
 *                                      [--engines pglite,postgres] [--pg-admin-url postgres://…]
 */
import { systemClock } from "../src/core/clock";
import { newId } from "../src/core/ids";
import { openDatabase, type Database } from "../src/db/client";
import { createServices } from "../src/services";
import { arg, benchDatabase, fmt } from "./lib";

const entries = Number(arg("entries", "10000"));
const queries = Number(arg("queries", "500"));
const publishes = Number(arg("publishes", "50"));
const engines = (arg("engines", "pglite,postgres") ?? "").split(",") as ("pglite" | "postgres")[];
const adminUrl = arg("pg-admin-url", "postgres://postgres@127.0.0.1:5432/test") as string;
const config = { SESSION_TTL_HOURS: 12, VERIFICATION_TRUST_HOURS: 24, CASE_RECENCY_HOURS: 72 };

const TOPICS = [
  "return refund exchange label window days receipt unworn tags",
  "shipping delivery carrier tracking express standard dispatch parcel",
  "store hours holiday opening closing weekend location parking",
  "gift card balance expire redeem voucher",
  "warranty repair defect replacement manufacturer months",
  "price match competitor drop difference refund",
  "promotion discount code sale coupon percent off",
  "order cancel change address pending processing",
  "payment card paypal invoice charge declined",
  "account password login email newsletter preferences",
].map((topic) => topic.split(" "));
const FILLER = (
  "customer item product please our your within after before online team help question answer policy " +
  "service bag colour size fit fabric care wash jacket shoe boot lamp speaker headphones watch"
).split(" ");
const QUERIES = [
  "can I return shoes after 40 days",
  "returning electronics",
  "free shipping threshold",
  "store holiday opening hours",
  "gift card expire",
  "warranty repair headphones",
  "price match competitor",
  "cancel my pending order",
  "payment declined card",
  "discount code for jackets",
];

const pick = <T>(list: T[], i: number): T => list[i % list.length] as T;

function documentFor(i: number): { title: string; body: string; category: string } {
  const topic = pick(TOPICS, i);
  const words: string[] = [];
  for (let w = 0; w < 120; w++)
    words.push(w % 3 === 0 ? pick(topic, i * 7 + w) : pick(FILLER, i * 13 + w * 5));
  return {
    title: `${pick(topic, i)} ${pick(topic, i + 3)} guide ${i}`,
    body: `${words.join(" ")}.`,
    category: topic[0] as string,
  };
}

/** Bulk-loads published entries straight into the tables; the service path is what is measured. */
async function load(database: Database, workspaceId: string, count: number): Promise<void> {
  const base = Date.now() - 86_400_000;
  for (let start = 0; start < count; start += 500) {
    const entryRows: string[] = [];
    const entryValues: unknown[] = [];
    const versionRows: string[] = [];
    const versionValues: unknown[] = [];
    for (let i = start; i < Math.min(count, start + 500); i++) {
      const id = newId("knowledge");
      const kind = i % 10 === 0 ? "promotion" : i % 7 === 0 ? "update" : "article";
      const e = entryValues.length;
      entryRows.push(`($${e + 1}, $${e + 2}, $${e + 3}, $${e + 4}, 'bench', now(), now())`);
      entryValues.push(id, workspaceId, kind, `entry-${i}`);
      // One entry in five has an older, superseded version, as a real history would.
      const versions = i % 5 === 0 ? 2 : 1;
      for (let v = 1; v <= versions; v++) {
        const doc = documentFor(i + v);
        const p = versionValues.length;
        const at = new Date(base + v * 1000);
        versionRows.push(
          `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 7}, $${p + 8}, 'bench', $${p + 9}, $${p + 9}, 'bench', $${p + 9}, $${p + 9})`,
        );
        versionValues.push(
          newId("knowledgeVersion"),
          workspaceId,
          id,
          v,
          v === versions ? "published" : "superseded",
          doc.title,
          doc.body,
          doc.category,
          at,
        );
      }
    }
    await database.query(
      `INSERT INTO kb_entries (id, workspace_id, kind, slug, created_by, created_at, updated_at) VALUES ${entryRows.join(",")}`,
      entryValues,
    );
    await database.query(
      `INSERT INTO kb_versions (id, workspace_id, entry_id, version, status, title, body, body_text, category, author,
         effective_from, published_at, published_by, created_at, updated_at) VALUES ${versionRows.join(",")}`,
      versionValues,
    );
  }
  await database.exec("ANALYZE kb_entries; ANALYZE kb_versions;");
}

type Summary = { p50: number; p95: number };
function summary(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}
async function sample(n: number, run: (i: number) => Promise<unknown>): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run(i);
    samples.push(performance.now() - t);
  }
  return summary(samples);
}

type Result = {
  engine: string;
  byId: Summary;
  search: Summary;
  passagesPerQuery: number;
  nextRead: Summary;
  stale: number;
  secondNode?: { read: Summary; stale: number };
};

const results: Result[] = [];
for (const engine of engines) {
  const { database, drop } = await benchDatabase(engine, adminUrl);
  let nodeBDatabase: Database | undefined;
  try {
    const services = createServices({ database, clock: systemClock, config });
    const workspace = await services.workspaces.create({ slug: `bench-${Date.now()}`, name: "Bench" });
    const loadStart = performance.now();
    await load(database, workspace.id, entries);
    console.error(
      `${engine}: loaded ${entries} entries in ${fmt((performance.now() - loadStart) / 1000, 1)} s`,
    );
    const versionIds = (
      await database.query<{ id: string }>("SELECT id FROM kb_versions WHERE workspace_id = $1 LIMIT 1000", [
        workspace.id,
      ])
    ).map((row) => row.id);

    for (let i = 0; i < 30; i++) {
      await services.knowledge.search(workspace.id, { q: pick(QUERIES, i) });
      await database.query("SELECT * FROM kb_versions WHERE id = $1", [pick(versionIds, i)]);
    }
    const byId = await sample(queries, (i) =>
      database.query("SELECT * FROM kb_versions WHERE id = $1", [pick(versionIds, i * 31)]),
    );
    let passages = 0;
    const search = await sample(queries, async (i) => {
      passages += (await services.knowledge.search(workspace.id, { q: pick(QUERIES, i), limit: 5 })).length;
    });

    // A second node: its own pool over the same PostgreSQL database, no shared memory.
    let nodeB: ReturnType<typeof createServices> | undefined;
    if (engine === "postgres") {
      const [row] = await database.query<{ db: string }>("SELECT current_database() AS db");
      const url = new URL(adminUrl);
      url.pathname = `/${row?.db}`;
      nodeBDatabase = await openDatabase({ url: url.toString(), poolSize: 4 });
      nodeB = createServices({ database: nodeBDatabase, clock: systemClock, config });
    }

    const policy = await services.knowledge.createEntry(
      workspace.id,
      {
        kind: "policy",
        slug: "return-policy",
        policyType: "returns",
        title: "Return policy",
        body: "Returns and refunds.",
        params: { windowDays: 30 },
      },
      "bench",
      { publish: true },
    );
    const readSamples: number[] = [];
    const nodeBSamples: number[] = [];
    let stale = 0;
    let staleB = 0;
    for (let i = 0; i < publishes; i++) {
      const draft = await services.knowledge.createDraft(
        workspace.id,
        policy.id,
        { params: { windowDays: 31 + i } },
        "bench",
      );
      await services.knowledge.publish(workspace.id, policy.id, draft.version, "bench");
      // The publish call has returned: the very next reads must see the new version.
      const t = performance.now();
      const read = await services.policies.returnPolicy(workspace.id);
      const hit = (
        await services.knowledge.search(workspace.id, { q: "returns refunds", kind: "policy", limit: 1 })
      )[0];
      readSamples.push(performance.now() - t);
      if (read.value.windowDays !== 31 + i || hit?.version !== draft.version) stale++;
      if (nodeB) {
        const tb = performance.now();
        const other = await nodeB.policies.returnPolicy(workspace.id);
        nodeBSamples.push(performance.now() - tb);
        if (other.source?.version !== draft.version) staleB++;
      }
    }
    results.push({
      engine,
      byId,
      search,
      passagesPerQuery: passages / queries,
      nextRead: summary(readSamples),
      stale,
      ...(nodeB ? { secondNode: { read: summary(nodeBSamples), stale: staleB } } : {}),
    });
  } finally {
    await nodeBDatabase?.close();
    await drop();
  }
}

const ms = (s: Summary) => `${fmt(s.p50)} / ${fmt(s.p95)} ms`;
console.log(`\nKnowledge base: ${entries} entries, ${queries} searches, ${publishes} publishes\n`);
console.log(
  "| engine | SELECT by id p50 / p95 | search p50 / p95 | search ÷ by id (p50) | passages / query | next read after publish p50 / p95 | stale next reads |",
);
console.log("|---|---|---|---|---|---|---|");
for (const r of results) {
  const second = r.secondNode
    ? `; second node: ${r.secondNode.stale} of ${publishes} (read ${ms(r.secondNode.read)})`
    : "";
  console.log(
    `| ${r.engine} | ${ms(r.byId)} | ${ms(r.search)} | ${fmt(r.search.p50 / Math.max(r.byId.p50, 0.001), 1)}× | ${fmt(
      r.passagesPerQuery,
      1,
    )} | ${ms(r.nextRead)} | ${r.stale} of ${publishes}${second} |`,
  );
}
