import fs from "node:fs";
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, inject } from "vitest";
import { manualClock, systemClock, type Clock } from "../src/core/clock";
import { openDatabase, type Database } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { buildApp, type AppOptions } from "../src/http/app";
import type { RateLimitSettings } from "../src/http/plugins/rate-limits";
import { createServices, type Services } from "../src/services";

export { manualClock };

/**
 * A real database for a test file: PostgreSQL when TEST_DATABASE_URL is set (CI runs the
 * suite both ways), otherwise PGlite restored from the migrated snapshot. Tests stay
 * independent by working in their own workspaces, never by truncating tables.
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const database = await openDatabase({ url, poolSize: 4 });
    await migrate(database);
    return database;
  }
  const snapshot = inject("pgliteSnapshot");
  const database = await openDatabase(snapshot ? { loadDataDir: new Blob([fs.readFileSync(snapshot)]) } : {});
  await migrate(database);
  return database;
}

/** Limits no ordinary test reaches; tests of the limits themselves pass their own. */
export const TEST_LIMITS: RateLimitSettings = {
  ipPerMinute: 1_000_000,
  keyPerMinute: 1_000_000,
  senderPerMinute: 1_000_000,
  authFailuresPerIpPerMinute: 1_000_000,
  loginFailuresBeforeLockout: 1_000,
  loginLockoutSeconds: 1,
};

export const TEST_CONFIG = { SESSION_TTL_HOURS: 12, VERIFICATION_TRUST_HOURS: 24, CASE_RECENCY_HOURS: 72 };

export type TestContext = {
  database: Database;
  services: Services;
  app: FastifyInstance;
  close(): Promise<void>;
};

export async function createTestContext(
  options: { clock?: Clock; database?: Database } & Pick<AppOptions, "limits" | "logger" | "trustProxy" | "rateLimitCounter"> = {},
): Promise<TestContext> {
  const database = options.database ?? (await createTestDatabase());
  const services = createServices({ database, clock: options.clock ?? systemClock, config: TEST_CONFIG });
  const app = await buildApp({
    services,
    logger: options.logger ?? false,
    limits: { ...TEST_LIMITS, ...options.limits },
    trustProxy: options.trustProxy,
    rateLimitCounter: options.rateLimitCounter,
  });
  await app.ready();
  return {
    database,
    services,
    app,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export type WorkspaceFixture = {
  workspaceId: string;
  slug: string;
  adminKey: string;
  headers: { authorization: string };
};

/** A fresh workspace with an admin API key: each test gets its own tenant. */
export async function createWorkspace(services: Services, name = "Test Retail"): Promise<WorkspaceFixture> {
  const slug = `t-${randomBytes(6).toString("hex")}`;
  const workspace = await services.workspaces.create({ slug, name });
  const { key } = await services.auth.createApiKey(workspace.id, { name: "test admin", role: "admin" });
  return { workspaceId: workspace.id, slug, adminKey: key, headers: { authorization: `Bearer ${key}` } };
}

/** A staff user with a known password; returns the email to log in with. */
export async function createStaffUser(services: Services, workspaceId: string, password: string): Promise<string> {
  const email = uniqueEmail("staff");
  await services.auth.createUser(workspaceId, { email, name: "Staff", role: "agent", password });
  return email;
}

export function uniqueEmail(prefix = "shopper"): string {
  return `${prefix}.${randomBytes(4).toString("hex")}@example.com`;
}

export type TestApp = { ctx: TestContext; ws: WorkspaceFixture };

/**
 * Registers beforeAll/afterAll for a file: one database and app per file, one fresh workspace.
 * Read the fields inside tests (they are filled in by beforeAll).
 */
export function useTestApp(options: { clock?: Clock } = {}): TestApp {
  const state = {} as TestApp;
  beforeAll(async () => {
    state.ctx = await createTestContext(options);
    state.ws = await createWorkspace(state.ctx.services);
  });
  afterAll(() => state.ctx?.close());
  return state;
}
