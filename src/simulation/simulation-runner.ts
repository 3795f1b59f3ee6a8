import { lazyNlu, type NluEngine } from "../agent";
import { manualClock } from "../core/clock";
import type { Database } from "../db/client";
import { ensureDemoWorkspace } from "../demo/demo-seed";
import { buildApp } from "../http/app";
import { createServices, type ServiceConfig, type Services } from "../services";
import { overallRates, passRates, type PassRates } from "./lib/pass-at-k";
import { runScenario, type RunResult } from "./scenario-run";
import type { Scenario } from "./scenario.types";
import { seededDatabaseFactory } from "./simulation-database";

/** The instant every run starts at: the demo data is dated relative to it, so replies are reproducible. */
export const DEFAULT_SIMULATION_CLOCK = "2026-12-01T15:00:00Z";

export type SimulationOptions = {
  /** Runs per scenario (pass^k over these). */
  k?: number;
  /** Scenario runs in flight at once; each has its own database and app. */
  concurrency?: number;
  /** A PostgreSQL server URL: runs there, one database per run, instead of in-memory PGlite. */
  postgresUrl?: string;
  /** A migrated PGlite dump to start from (the test suite has one), saving the migrations. */
  pgliteDump?: Blob;
  clock?: string;
  config?: Partial<ServiceConfig>;
  /** Extra data loaded into the demo workspace once, before any run (e.g. an imported catalogue and orders). */
  seedWorkspace?(services: Services, workspaceId: string): Promise<void>;
  /** One trained NLU for every run; trained here when absent. */
  nlu?: () => Promise<NluEngine>;
  onRun?(scenario: Scenario, run: number, result: RunResult): void;
};

export type ScenarioReport = PassRates & {
  id: string;
  title: string;
  tags: string[];
  /** Failures of the first failing run, with its transcript, for reading. */
  failures: string[];
  transcript: RunResult["transcript"];
  /** Whether every run failed with the same problems (the built-in engine must be deterministic). */
  consistent: boolean;
  meanMs: number;
};

export type SimulationReport = {
  k: number;
  database: string;
  clock: string;
  scenarios: ScenarioReport[];
  overall: { scenarios: number; pass1: number; passK: number };
  /** The same figures per tag, to see which behaviour fails. */
  byTag: Record<string, { scenarios: number; pass1: number; passK: number }>;
  ms: number;
};

const BASE_CONFIG: ServiceConfig = { SESSION_TTL_HOURS: 12, VERIFICATION_TRUST_HOURS: 24, CASE_RECENCY_HOURS: 72 };

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Runs every scenario k times. The demo workspace (and any extra workspace data) is seeded once
 * and copied into a fresh database per run; each run builds the real app on it and talks to the
 * agent only through the REST channel and the REST API.
 */
export async function runSimulation(scenarios: Scenario[], options: SimulationOptions = {}): Promise<SimulationReport> {
  const started = performance.now();
  const k = options.k ?? 3;
  const clockAt = options.clock ?? DEFAULT_SIMULATION_CLOCK;
  const config = { ...BASE_CONFIG, ...options.config };
  const nlu = options.nlu ?? lazyNlu({ extraTrainingDir: config.NLU_EXTRA_TRAINING_DIR });
  const servicesOn = (database: Database) => createServices({ database, clock: manualClock(clockAt), config, nlu });

  let apiKey = "";
  // Embedded PGlite instances share this process's one thread: more than one gains nothing.
  const concurrency = options.concurrency ?? (options.postgresUrl ? 4 : 1);
  const databases = await seededDatabaseFactory({
    postgresUrl: options.postgresUrl,
    pgliteDump: options.pgliteDump,
    size: concurrency,
    async seed(database) {
      const services = servicesOn(database);
      const demo = await ensureDemoWorkspace(services);
      if (!demo.credentials) throw new Error("the demo workspace already existed in a fresh database");
      apiKey = demo.credentials.apiKey;
      await options.seedWorkspace?.(services, demo.workspaceId);
    },
  });
  await nlu();

  const runOnce = async (scenario: Scenario): Promise<RunResult> => {
    const database = await databases.fresh();
    try {
      const app = await buildApp({ services: servicesOn(database), logger: false });
      try {
        await app.ready();
        return await runScenario(app, apiKey, scenario);
      } finally {
        await app.close();
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { passed: false, failures: [`error: ${message}`], transcript: [], ms: 0 };
    } finally {
      await database.close();
    }
  };

  const jobs = scenarios.flatMap((scenario) => Array.from({ length: k }, (_, run) => ({ scenario, run })));
  try {
    const results = await mapLimited(jobs, concurrency, async ({ scenario, run }) => {
      const result = await runOnce(scenario);
      options.onRun?.(scenario, run, result);
      return result;
    });
    const reports = scenarios.map((scenario, index): ScenarioReport => {
      const runs = results.slice(index * k, index * k + k);
      const firstFailing = runs.find((r) => !r.passed) ?? runs[0];
      const signature = (r: RunResult) => JSON.stringify(r.failures);
      return {
        id: scenario.id,
        title: scenario.title,
        tags: scenario.tags,
        ...passRates(runs.map((r) => r.passed)),
        failures: firstFailing?.failures ?? [],
        transcript: firstFailing?.transcript ?? [],
        consistent: runs.every((r) => signature(r) === signature(runs[0] as RunResult)),
        meanMs: runs.reduce((sum, r) => sum + r.ms, 0) / Math.max(1, runs.length),
      };
    });
    return {
      k,
      database: databases.describe,
      clock: clockAt,
      scenarios: reports,
      overall: overallRates(reports),
      byTag: Object.fromEntries(
        [...new Set(reports.flatMap((r) => r.tags))].sort().map((tag) => [tag, overallRates(reports.filter((r) => r.tags.includes(tag)))]),
      ),
      ms: performance.now() - started,
    };
  } finally {
    await databases.close();
  }
}
