#!/usr/bin/env node
// Runs the whole test suite against a real PostgreSQL server in a fresh, throw-away database.
// Fails (never skips) when the server cannot be reached.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";

const adminUrl = process.env.PG_TEST_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const dbName = `throughline_test_${Date.now()}_${randomBytes(3).toString("hex")}`;

async function admin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

try {
  await admin(`CREATE DATABASE ${dbName}`);
} catch (error) {
  console.error(
    `PostgreSQL test run cannot start: ${error.message} (PG_TEST_ADMIN_URL=${new URL(adminUrl).host})`,
  );
  process.exit(1);
}

const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
console.log(`Running the test suite on PostgreSQL database ${dbName} at ${url.host}`);
// One file at a time: on PostgreSQL every test file shares this database, its per-address rate-limit
// counters and its LISTEN/NOTIFY channels, and timing-bound tests (an outage under load) need the cores.
const result = spawnSync("npx", ["vitest", "run", "--maxWorkers=1", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TEST_DATABASE_URL: url.toString() },
});

await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((error) =>
  console.error(`cleanup failed: ${error.message}`),
);
process.exit(result.status ?? 1);
