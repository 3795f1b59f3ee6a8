import { loadConfig, type Config } from "../core/config";
import fs from "node:fs";
import path from "node:path";
import { createLogger, logDestination, type Logger } from "../core/logger";
import { systemClock } from "../core/clock";
import { openDatabase, type Database } from "../db/client";
import { migrate } from "../db/migrate";
import { createServices, type Services } from "../services";
import { DEMO_WORKSPACE_SLUG, ensureDemoWorkspace } from "../demo/demo-seed";
import { ensureBootstrapKey, firstWorkspaceHint } from "../workspaces";
import { buildApp } from "./app";
import { createRedisRateLimitCounter } from "./plugins/redis-rate-limit-counter";
import { createPostgresFanout } from "../realtime";
import { emailSettingsFromConfig, LogMailSender, SmtpMailSender } from "../channels/email";
import { FcmPushProvider, readServiceAccountKey } from "../channels/mobile";

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
  logger: Logger = createLogger(config.LOG_LEVEL, logDestination(config.LOG_FILE)),
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  terminal: boolean = Boolean(process.stdout.isTTY),
): Promise<RunningServer> {
  const database = await openConfiguredDatabase(config);
  const migrations = await migrate(database);
  logger.info({ applied: migrations.applied, database: database.describe() }, "database ready");
  // Nodes sharing a PostgreSQL database share realtime events through it; PGlite has one process.
  const fanout = config.DATABASE_URL
    ? await createPostgresFanout({
        url: config.DATABASE_URL,
        runner: database,
        onError: (error) => logger.warn({ err: error.message }, "realtime fan-out connection failed; reconnecting"),
      })
    : undefined;
  const services = createServices({
    database,
    clock: systemClock,
    config,
    logger,
    fanout,
    outbox: { pollMs: config.OUTBOX_POLL_MS, maxAttempts: config.OUTBOX_MAX_ATTEMPTS },
    email: emailSettingsFromConfig(config),
    pushProvider: config.FCM_SERVICE_ACCOUNT_FILE
      ? new FcmPushProvider(readServiceAccountKey(config.FCM_SERVICE_ACCOUNT_FILE), config.FCM_API_BASE_URL)
      : undefined,
  });
  // The bootstrap key goes to the demo unless THROUGHLINE_BOOTSTRAP_WORKSPACE names another workspace.
  const bootstrapSlug = config.THROUGHLINE_BOOTSTRAP_WORKSPACE;
  const demoTakesKey = !bootstrapSlug || bootstrapSlug === DEMO_WORKSPACE_SLUG;
  const seeded = config.SEED_DEMO
    ? await ensureDemoWorkspace(services, {
        bootstrapApiKey: demoTakesKey ? config.THROUGHLINE_BOOTSTRAP_API_KEY : undefined,
      })
    : undefined;
  const namedBootstrap =
    config.THROUGHLINE_BOOTSTRAP_API_KEY && bootstrapSlug && (!demoTakesKey || !config.SEED_DEMO)
      ? await ensureBootstrapKey(services, bootstrapSlug, config.THROUGHLINE_BOOTSTRAP_API_KEY)
      : undefined;
  const noWorkspaceYet = !seeded && (await services.workspaces.list()).length === 0;

  // The built-in NLU trains at start (built-in examples plus NLU_EXTRA_TRAINING_DIR), not on the first message.
  const trainingMs = await services.agent.warmUp();
  logger.info({ trainingMs }, "language understanding ready");
  const redisCounter = config.REDIS_URL ? createRedisRateLimitCounter(config.REDIS_URL) : undefined;
  const app = await buildApp({
    services,
    logger,
    rateLimitCounter: redisCounter,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    realtimeLimits: {
      messagesPerIdentityPerMinute: config.REALTIME_MESSAGES_PER_MINUTE,
      conversationsPerAddressPerMinute: config.REALTIME_CONVERSATIONS_PER_IP_PER_MINUTE,
    },
    publicBaseUrl: config.PUBLIC_BASE_URL,
    operatorApiKey: config.THROUGHLINE_OPERATOR_API_KEY,
    corsOrigins: config.CORS_ORIGINS,
    limits: {
      ipPerMinute: config.RATE_LIMIT_IP_PER_MINUTE,
      keyPerMinute: config.RATE_LIMIT_KEY_PER_MINUTE,
      senderPerMinute: config.RATE_LIMIT_SENDER_PER_MINUTE,
      authFailuresPerIpPerMinute: config.AUTH_FAILURES_PER_IP_PER_MINUTE,
      loginFailuresBeforeLockout: config.LOGIN_FAILURES_BEFORE_LOCKOUT,
      loginLockoutSeconds: config.LOGIN_LOCKOUT_SECONDS,
    },
  });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  // Effects are delivered only while the server runs; CLI commands enqueue and leave delivery to it.
  services.outbox.start();
  const mail = await services.email
    .start({
      sender: config.SMTP_RELAY_URL ? new SmtpMailSender(config.SMTP_RELAY_URL) : new LogMailSender(logger),
      logger,
      listen: config.SMTP_ENABLED ? { host: config.SMTP_HOST, port: config.SMTP_PORT } : undefined,
    })
    .catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
  const base = address.replace("[::1]", "localhost").replace("127.0.0.1", "localhost");
  database.noteServerUrl?.(base);

  print("");
  print(`Throughline is running on ${database.describe()}`);
  print(`  API docs:     ${base}/docs`);
  print(`  OpenAPI:      ${base}/openapi.json`);
  print(`  Health:       ${base}/health`);
  print(`  Agent app:    ${base}/app`);
  if (mail.smtpPort !== null)
    print(
      `  SMTP inbound: ${config.SMTP_HOST}:${mail.smtpPort} (mail to <anything>@<workspace>.${config.SMTP_INBOUND_DOMAIN})`,
    );
  if (seeded?.credentials) {
    print("");
    const lines = [
      `    workspace:  ${seeded.credentials.workspace}`,
      `    admin:      ${seeded.credentials.adminEmail} / ${seeded.credentials.adminPassword}`,
      `    API key:    ${seeded.credentials.apiKey}`,
      `    agent:      ${seeded.credentials.agentEmail} / ${seeded.credentials.agentPassword}`,
    ];
    showCredentials(lines, config.dataDir, print, terminal);
    print(`  Try: curl -H "Authorization: Bearer <API key>" ${base}/api/v1/customers`);
  } else if (seeded) {
    print(`  Demo workspace: "${seeded.workspaceSlug}" (credentials were printed on first start)`);
  }
  if (seeded?.bootstrapKey === "revoked") {
    // Never the key itself: the warning names the variable so the operator knows which secret to rotate.
    logger.warn("THROUGHLINE_BOOTSTRAP_API_KEY names a revoked API key; it stays revoked (set a new value)");
    print("  Bootstrap API key was revoked and stays revoked; set a new THROUGHLINE_BOOTSTRAP_API_KEY.");
  } else if (seeded?.bootstrapKey)
    print(`  Bootstrap API key ${seeded.bootstrapKey} for the demo workspace.`);
  if (namedBootstrap === "no-workspace")
    print(`  THROUGHLINE_BOOTSTRAP_WORKSPACE "${bootstrapSlug}" does not exist yet; its bootstrap key applies once it does.`);
  else if (namedBootstrap === "revoked") {
    logger.warn("THROUGHLINE_BOOTSTRAP_API_KEY names a revoked API key; it stays revoked (set a new value)");
    print("  Bootstrap API key was revoked and stays revoked; set a new THROUGHLINE_BOOTSTRAP_API_KEY.");
  } else if (namedBootstrap) print(`  Bootstrap API key ${namedBootstrap} for workspace "${bootstrapSlug}".`);
  if (noWorkspaceYet) for (const line of firstWorkspaceHint()) print(line);
  print("");

  return {
    url: base,
    services,
    async close() {
      // Each step gets a bounded wait, so one stuck on a connection lost in an outage neither
      // blocks the others nor hides which one it was.
      const step = (name: string, run: () => Promise<unknown> | undefined) => boundedStep(name, run, logger);
      await step("outbox worker", () => services.outbox.stop());
      await step("email", () => services.email.stop());
      await step("http", () => app.close());
      await step("realtime fan-out", () => fanout?.close());
      await step("rate-limit store", () => redisCounter?.close());
      await step("database", () => database.close());
    },
  };
}

const SHUTDOWN_STEP_MS = 4_000;

async function boundedStep(
  name: string,
  run: () => Promise<unknown> | undefined,
  logger: { warn(details: object, message: string): void },
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), SHUTDOWN_STEP_MS);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([Promise.resolve(run()).then(() => "done" as const), timedOut]);
    if (outcome === "timeout") logger.warn({ step: name }, `shutdown: ${name} did not stop within ${SHUTDOWN_STEP_MS / 1000} s; going on`);
  } catch (error) {
    logger.warn({ step: name, error: error instanceof Error ? error.message : String(error) }, `shutdown: ${name} failed to stop; going on`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * First-start credentials never pass through the logger. On a terminal they are printed; when
 * stdout is a pipe or a file (a service manager, `> server.log`), it is a log in all but name, so
 * they go to a file only this user can read, and only its path is printed.
 */
export function showCredentials(
  lines: string[],
  dataDir: string,
  print: (line: string) => void,
  terminal: boolean,
): void {
  if (terminal) {
    print("  Demo workspace created. These credentials are shown once; store them now:");
    for (const line of lines) print(line);
    return;
  }
  const file = path.join(dataDir, "first-start-credentials.txt");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${lines.map((line) => line.trim()).join("\n")}\n`, { mode: 0o600 });
  print(`  Demo workspace created. Its admin login and API key are in ${file} (readable by this user only);`);
  print("  store them and delete the file.");
}
