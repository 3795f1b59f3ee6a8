import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../db/client";
import { migrate } from "../db/migrate";
import { snapshotTables } from "./lib/table-snapshot";

/** Hands out fresh databases that all start from one seeded copy. */
export type DatabaseFactory = {
  describe: string;
  fresh(): Promise<Database>;
  close(): Promise<void>;
};

/**
 * Migrates and seeds once, then gives every run the same starting state. On PGlite a few
 * in-memory instances are kept and restored from a snapshot of every table before each run
 * (starting a new embedded server costs seconds); on PostgreSQL each run gets its own database
 * cloned from a seeded template with CREATE DATABASE … TEMPLATE. No run sees another's changes.
 */
export async function seededDatabaseFactory(options: {
  postgresUrl?: string;
  /** Runs that may hold a database at once. */
  size?: number;
  /** A migrated PGlite data-dir dump to start from instead of running every migration. */
  pgliteDump?: Blob;
  seed(database: Database): Promise<void>;
}): Promise<DatabaseFactory> {
  if (options.postgresUrl) return postgresFactory(options.postgresUrl, options.seed);
  return pgliteFactory(options.size ?? 1, options.seed, options.pgliteDump);
}

type Restorable = { database: Database; restore(): Promise<void> };

async function pgliteFactory(size: number, seed: (database: Database) => Promise<void>, migrated?: Blob): Promise<DatabaseFactory> {
  const base = await openDatabase(migrated ? { loadDataDir: migrated } : {});
  let first: Restorable;
  try {
    await migrate(base);
    await seed(base);
    first = { database: base, restore: await snapshotTables(base) };
  } catch (error) {
    await base.close();
    throw error;
  }
  const all: Restorable[] = [first];
  const idle: Restorable[] = [first];
  const waiting: ((instance: Restorable) => void)[] = [];
  let dump: Promise<Blob> | undefined;
  const grow = async (): Promise<Restorable> => {
    dump ??= base.dump?.() ?? Promise.reject(new Error("PGlite cannot dump its data dir"));
    const database = await openDatabase({ loadDataDir: await dump });
    const instance = { database, restore: await snapshotTables(database) };
    all.push(instance);
    return instance;
  };
  const acquire = async (): Promise<Restorable> => {
    const ready = idle.pop();
    if (ready) return ready;
    if (all.length < size) return grow();
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (instance: Restorable) => {
    const next = waiting.shift();
    if (next) next(instance);
    else idle.push(instance);
  };
  return {
    describe: "PGlite in memory, restored to the seeded state before every run",
    async fresh() {
      const instance = await acquire();
      try {
        await instance.restore();
      } catch (error) {
        release(instance);
        throw error;
      }
      // The app closes "its" database after a run: here that hands the instance back.
      return { ...instance.database, close: async () => release(instance) };
    },
    async close() {
      await Promise.all(all.map((instance) => instance.database.close()));
    },
  };
}

const databaseUrl = (serverUrl: string, name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

async function onServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function postgresFactory(serverUrl: string, seed: (database: Database) => Promise<void>): Promise<DatabaseFactory> {
  const prefix = `throughline_sim_${randomBytes(4).toString("hex")}`;
  const template = `${prefix}_base`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${template}`));
  const base = await openDatabase({ url: databaseUrl(serverUrl, template), poolSize: 2 });
  try {
    await migrate(base);
    await seed(base);
  } finally {
    // A template must have no open connections while it is copied.
    await base.close();
  }
  let count = 0;
  // CREATE DATABASE from one template is serialised: concurrent copies can see each other as users of it.
  let queue: Promise<unknown> = Promise.resolve();
  const created = new Set<string>();
  const drop = (name: string) => onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return {
    describe: "PostgreSQL, one database per run cloned from a seeded template",
    async fresh() {
      const name = `${prefix}_${++count}`;
      const creation = queue.then(() => onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)));
      queue = creation.catch(() => undefined);
      await creation;
      created.add(name);
      const database = await openDatabase({ url: databaseUrl(serverUrl, name), poolSize: 4 });
      return {
        ...database,
        async close() {
          await database.close();
          await drop(name);
          created.delete(name);
        },
      };
    },
    async close() {
      for (const name of created) await drop(name);
      await drop(template);
    },
  };
}
