import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../src/db/client";
import { migrate } from "../src/db/migrate";

export type Stats = { n: number; totalMs: number; opsPerSec: number; p50: number; p99: number; mean: number };

export function stats(samples: number[], totalMs: number): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    n: samples.length,
    totalMs,
    opsPerSec: (samples.length / totalMs) * 1000,
    p50: at(0.5),
    p99: at(0.99),
    mean: samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length),
  };
}

export async function timeEach(n: number, run: (i: number) => Promise<unknown>): Promise<Stats> {
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run(i);
    samples.push(performance.now() - t);
  }
  return stats(samples, performance.now() - start);
}

export function arg(name: string, fallback?: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

/** A fresh migrated database: in-memory PGlite, or a throw-away database on a PostgreSQL server. */
export async function benchDatabase(
  engine: "pglite" | "postgres",
  adminUrl = "postgres://postgres@127.0.0.1:5432/test",
): Promise<{ database: Database; drop(): Promise<void> }> {
  if (engine === "pglite") {
    const database = await openDatabase({});
    await migrate(database);
    return { database, drop: () => database.close() };
  }
  const name = `throughline_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 10 });
  await migrate(database);
  return {
    database,
    async drop() {
      await database.close();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

export const fmt = (value: number, digits = 2) => value.toFixed(digits);
