import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database, SqlRunner } from "./client";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Arbitrary constant: every node agrees on it, so concurrent starts apply migrations once. */
const MIGRATION_LOCK_KEY = 7_203_114_551;

export type MigrationResult = { applied: string[]; alreadyApplied: number };

export function listMigrations(dir = MIGRATIONS_DIR): { id: string; sql: string }[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ id: file.replace(/\.sql$/, ""), sql: fs.readFileSync(path.join(dir, file), "utf8") }));
}

/**
 * Applies pending SQL migrations in file-name order, each in its own transaction, under an
 * advisory lock. The same files run on PGlite and PostgreSQL: one schema, one dialect.
 */
export function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  return database.session((runner) => migrateOn(runner, dir));
}

async function migrateOn(database: SqlRunner, dir: string): Promise<MigrationResult> {
  await database.exec(`CREATE TABLE IF NOT EXISTS throughline_migrations (
    id text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  await database.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    const done = new Set(
      (await database.query<{ id: string }>("SELECT id FROM throughline_migrations")).map((row) => row.id),
    );
    const applied: string[] = [];
    for (const migration of listMigrations(dir)) {
      if (done.has(migration.id)) continue;
      const quotedId = migration.id.replace(/'/g, "''");
      await database.exec(
        `BEGIN;\n${migration.sql}\n;INSERT INTO throughline_migrations (id) VALUES ('${quotedId}');\nCOMMIT;`,
      );
      applied.push(migration.id);
    }
    return { applied, alreadyApplied: done.size };
  } catch (error) {
    await database.exec("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await database.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
}
