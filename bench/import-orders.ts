/**
 * Bulk import of orders: generates N orders as NDJSON, imports them through the real import
 * path (read, parse, validate, upsert in batches), re-imports the same file (idempotent: all
 * unchanged), and compares with a plain batched INSERT of the same rows on the same engine.
 *
 *   npx tsx bench/import-orders.ts [--n 100000] [--engines pglite,postgres] [--pg-admin-url postgres://…]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { systemClock } from "../src/core/clock";
import { orderRecord, type OrderInput } from "../src/connectors";
import { createServices } from "../src/services";
import { arg, benchDatabase } from "./lib";

const n = Number(arg("n", "100000"));
const engines = (arg("engines", "pglite,postgres") ?? "").split(",") as ("pglite" | "postgres")[];
const config = { SESSION_TTL_HOURS: 12, VERIFICATION_TRUST_HOURS: 24, CASE_RECENCY_HOURS: 72 };
const STATUSES = ["pending", "processing", "shipped", "delivered", "cancelled"] as const;

function order(i: number): OrderInput {
  const status = STATUSES[i % STATUSES.length] ?? "pending";
  const lines = Array.from({ length: 1 + (i % 3) }, (_, l) => ({
    id: String(l + 1),
    sku: `SKU-${(i * 7 + l) % 5000}`,
    title: `Product ${(i * 7 + l) % 5000}`,
    options: { size: ["S", "M", "L"][l % 3] ?? "M", color: "Navy" },
    quantity: 1 + (l % 2),
    unitPrice: 10 + ((i + l) % 200),
  }));
  const placed = new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86_400_000).toISOString();
  const shipped = status === "shipped" || status === "delivered";
  return {
    number: `B${String(i).padStart(7, "0")}`,
    status,
    placedAt: placed,
    customer: { email: `shopper${i % 20000}@example.com`, externalId: `C${i % 20000}` },
    shippingAddress: { line1: `${i} Main Street`, city: "Springfield", region: "IL", postalCode: "62701", country: "US" },
    lines,
    totals: { shipping: 5, tax: 2.5 },
    payments: [{ method: "card", amount: 100 }],
    fulfilments: shipped
      ? [{ id: `F${i}`, status: status === "delivered" ? "delivered" : "in_transit", carrier: "UPS", trackingNumbers: [`1Z${i}`], lineIds: lines.map((l) => l.id), shippedAt: placed }]
      : [],
    ...(status === "delivered" ? { deliveredAt: placed } : {}),
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-bench-import-"));
const file = path.join(dir, "orders.ndjson");
const out = fs.createWriteStream(file);
for (let i = 0; i < n; i++) out.write(`${JSON.stringify(order(i))}\n`);
await new Promise((resolve) => out.end(resolve));
console.log(`Generated ${n} orders (${(fs.statSync(file).size / 1e6).toFixed(1)} MB NDJSON)`);

const results: Record<string, unknown>[] = [];
for (const engine of engines) {
  const { database, drop } = await benchDatabase(engine, arg("pg-admin-url"));
  try {
    const services = createServices({ database, clock: systemClock, config });
    const workspace = await services.workspaces.create({ slug: `bench-${Date.now()}`, name: "Bench" });

    const first = await services.imports.importFile(workspace.id, "orders", file);
    if (first.inserted !== n) throw new Error(`expected ${n} inserted, got ${JSON.stringify(first)}`);
    const again = await services.imports.importFile(workspace.id, "orders", file);
    if (again.unchanged !== n) throw new Error(`re-import changed rows: ${JSON.stringify(again)}`);

    // Baseline: the same rows (already parsed and validated), plain multi-row INSERTs of 1000.
    await database.exec(`CREATE TABLE bench_orders (LIKE retail_orders INCLUDING DEFAULTS)`);
    const lines = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
    const docs = lines.map((line) => orderRecord.parse(JSON.parse(line)));
    const started = performance.now();
    for (let offset = 0; offset < docs.length; offset += 1000) {
      const batch = docs.slice(offset, offset + 1000);
      const params: unknown[] = [];
      const values = batch.map((doc, k) => {
        params.push(`o${offset + k}`, workspace.id, doc.number, doc.status, doc.customer.email ?? null, doc.customer.externalId ?? null, doc.placedAt ?? null, doc.totals.total, JSON.stringify(doc), "h");
        const b = k * 10;
        return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9}::jsonb,$${b + 10})`;
      });
      await database.query(
        `INSERT INTO bench_orders (id, workspace_id, number, status, customer_email, customer_ref, placed_at, total, doc, content_hash) VALUES ${values.join(",")}`,
        params,
      );
    }
    const baselineMs = performance.now() - started;
    const importRate = (n / first.durationMs) * 1000;
    const baselineRate = (n / baselineMs) * 1000;
    results.push({
      engine,
      orders: n,
      "import s": (first.durationMs / 1000).toFixed(1),
      "import rows/s": Math.round(importRate),
      "re-import s": (again.durationMs / 1000).toFixed(1),
      "plain INSERT rows/s": Math.round(baselineRate),
      "import / plain": (importRate / baselineRate).toFixed(2),
    });
  } finally {
    await drop();
  }
}
fs.rmSync(dir, { recursive: true, force: true });
console.table(results);
