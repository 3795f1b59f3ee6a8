import { loadConfig, type Config } from "../core/config";
import { createLogger, type Logger } from "../core/logger";
import { systemClock } from "../core/clock";
import { openDatabase, type Database } from "../db/client";
import { migrate } from "../db/migrate";
import { createServices, type Services } from "../services";
import { ensureDemoWorkspace } from "../demo/demo-seed";
import { buildApp } from "./app";

export type RunningServer = { url: string; services: Services; close(): Promise<void> };

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolSize: config.DATABASE_POOL_SIZE,
  });
}

/** Start-up: open the database, migrate, make sure the demo workspace exists, listen. */
export async function startServer(
  config: Config = loadConfig(),
  logger: Logger = createLogger(config.LOG_LEVEL),
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RunningServer> {
  const database = await openConfiguredDatabase(config);
  const migrations = await migrate(database);
  logger.info({ applied: migrations.applied, database: database.describe() }, "database ready");
  const services = createServices({ database, clock: systemClock, config });
  const seeded = config.SEED_DEMO
    ? await ensureDemoWorkspace(services, { bootstrapApiKey: config.THROUGHLINE_BOOTSTRAP_API_KEY })
    : undefined;

  // The built-in NLU trains at start (built-in examples plus NLU_EXTRA_TRAINING_DIR), not on the first message.
  const trainingMs = await services.agent.warmUp();
  logger.info({ trainingMs }, "language understanding ready");
  const app = await buildApp({ services, logger, bodyLimit: config.BODY_LIMIT_BYTES });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const base = address.replace("[::1]", "localhost").replace("127.0.0.1", "localhost");

  print("");
  print(`Throughline is running on ${database.describe()}`);
  print(`  API docs:     ${base}/docs`);
  print(`  OpenAPI:      ${base}/openapi.json`);
  print(`  Health:       ${base}/health`);
  if (seeded?.credentials) {
    print("");
    print("  Demo workspace created. These credentials are shown once; store them now:");
    print(`    workspace:  ${seeded.credentials.workspace}`);
    print(`    admin:      ${seeded.credentials.adminEmail} / ${seeded.credentials.adminPassword}`);
    print(`    API key:    ${seeded.credentials.apiKey}`);
    print(`  Try: curl -H "Authorization: Bearer <API key>" ${base}/api/v1/customers`);
  } else if (seeded) {
    print(`  Demo workspace: "${seeded.workspaceSlug}" (credentials were printed on first start)`);
  }
  if (seeded?.bootstrapKey) print(`  Bootstrap API key ${seeded.bootstrapKey} for the demo workspace.`);
  print("");

  return {
    url: base,
    services,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
