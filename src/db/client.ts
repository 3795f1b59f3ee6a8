import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import { acquireDataDirLock } from "./data-dir-lock";

/** The Drizzle handle every repository receives; a transaction handle has the same shape. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type DatabaseKind = "pglite" | "postgres";

export type SqlRunner = {
  /** Runs SQL that may hold several statements and no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Plain parameterised query, for the few places that need raw rows. */
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
};

export type Database = SqlRunner & {
  kind: DatabaseKind;
  db: Db;
  /** Runs `fn` on one dedicated connection (session-level locks need that). */
  session<T>(fn: (runner: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PGlite only: a gzipped copy of the data dir (fast test databases, backups). */
  dump?(): Promise<Blob>;
  /** Human-readable target without credentials, safe to print. */
  describe(): string;
  /** PGlite on a folder: records the server's URL in the folder's lock for refused commands to show. */
  noteServerUrl?(url: string): void;
};

export type DatabaseOptions = {
  /** postgres:// URL. When absent, PGlite is used. */
  url?: string;
  /** PGlite data folder; absent means in-memory. */
  dataDir?: string;
  /** A PGlite data-dir dump to start from (fast test databases). */
  loadDataDir?: Blob;
  poolSize?: number;
};

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  return openPglite(options.dataDir, options.loadDataDir);
}

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  // Before PGlite reads a page: a second process on the same folder would silently lose writes.
  const lock = dataDir ? acquireDataDirLock(dataDir) : undefined;
  let client: PGlite;
  try {
    client = await PGlite.create({
      dataDir: dataDir ? path.resolve(dataDir, "pgdata") : undefined,
      loadDataDir,
      // Trigram similarity for typo-tolerant catalogue search; PostgreSQL ships it as a contrib extension.
      extensions: { pg_trgm },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite(client, { casing: "snake_case" }) as unknown as Db;
  const runner: SqlRunner = {
    exec: async (sql) => {
      await client.exec(sql);
    },
    query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      (await client.query<T>(sql, params)).rows,
  };
  return {
    kind: "pglite",
    db,
    ...runner,
    // PGlite is a single connection already.
    session: (fn) => fn(runner),
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
    dump: () => client.dumpDataDir("gzip"),
    describe: () => (dataDir ? `PGlite at ${path.resolve(dataDir, "pgdata")}` : "PGlite in memory"),
    noteServerUrl: (url) => lock?.note({ url }),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // A bounded connect wait: while the server is unreachable requests fail fast with 503 instead of queueing.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  // A connection the server cuts (restart, failover) emits 'error' on its client; unheard, that
  // event ends the process. The query on it rejects on its own (→ 503) and the pool drops the
  // client on release, so these listeners only keep the process up: idle clients report to the
  // pool, checked-out ones (inside a transaction or a query) to their own listener.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => {
    client.on("error", () => undefined);
  });
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool, { casing: "snake_case" }) as unknown as Db;
  db.transaction = transactionsOnOwnClient(pool);
  const target = new URL(url);
  const runnerOf = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      (await client.query<T>(sql, params)).rows,
  });
  return {
    kind: "postgres",
    db,
    ...runnerOf(pool),
    session: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn(runnerOf(client));
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
    describe: () => `PostgreSQL at ${target.hostname}:${target.port || 5432}${target.pathname}`,
  };
}

/**
 * Transactions on a client this module checks out and always gives back. The ORM's own pool
 * transaction sends BEGIN before its try block, so a BEGIN that fails (the server went away)
 * leaves the client checked out for ever, and closing the pool then waits on it at shutdown. On a
 * single client the ORM neither checks out nor releases, and a client whose connection failed is
 * destroyed rather than returned to the pool.
 */
function transactionsOnOwnClient(pool: pg.Pool): Db["transaction"] {
  return (async (run: Parameters<Db["transaction"]>[0], config?: Parameters<Db["transaction"]>[1]) => {
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      const scoped = drizzlePg(client, { casing: "snake_case" }) as unknown as Db;
      return await scoped.transaction(run, config);
    } catch (error) {
      if (connectionLost(error)) failure = error as Error;
      throw error;
    } finally {
      client.release(failure);
    }
  }) as Db["transaction"];
}

/** A failure of the connection itself, as opposed to an error on a healthy one (ours or the server's). */
function connectionLost(error: unknown): boolean {
  const { code, syscall, message } = (error ?? {}) as {
    code?: unknown;
    syscall?: unknown;
    message?: unknown;
  };
  // SQLSTATE class 08 (connection exception) and 57P (the server shutting down or restarting).
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code))
    return code.startsWith("08") || code.startsWith("57P");
  if (typeof syscall === "string") return true; // ECONNRESET, EPIPE, ECONNREFUSED… from the socket
  return /connection terminated|connection error|not queryable/i.test(String(message ?? ""));
}
