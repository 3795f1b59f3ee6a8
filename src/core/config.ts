import path from "node:path";
import { z } from "zod";

/**
 * The only place that reads process.env. Parsed once at boot; an invalid value stops
 * start-up and names the variable. `sensitive` entries are never logged.
 */
const intFrom = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const configSchema = z.object({
  PORT: intFrom(3000, 0, 65535).describe("HTTP port"),
  HOST: z.string().min(1).default("127.0.0.1").describe("Interface to listen on (0.0.0.0 for all)"),
  DATA_DIR: z.string().min(1).default("./data").describe("Folder for the embedded PGlite database"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional()
    .describe("PostgreSQL connection string; when set, PGlite is not used"),
  DATABASE_POOL_SIZE: intFrom(10, 1, 200).describe("Connections per node when DATABASE_URL is set"),
  THROUGHLINE_BOOTSTRAP_API_KEY: z
    .string()
    .min(24, "must be at least 24 characters")
    .max(200)
    .optional()
    .describe("Admin API key value to ensure for the demo workspace (sensitive)"),
  THROUGHLINE_BOOTSTRAP_WORKSPACE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "a workspace slug")
    .optional()
    .describe("Workspace the bootstrap API key belongs to (default: the demo workspace)"),
  THROUGHLINE_OPERATOR_API_KEY: z
    .string()
    .min(32, "must be at least 32 characters")
    .max(200)
    .optional()
    .describe("Enables the operator API (/api/v1/operator/…, creating workspaces) for this key (sensitive)"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FILE: z
    .string()
    .min(1)
    .optional()
    .describe("Write logs to this file instead of stdout; start-up credentials are never written there"),
  TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true")
    .describe("Behind a reverse proxy: take the client address and https from X-Forwarded-For/-Proto"),
  PUBLIC_BASE_URL: z
    .url()
    .regex(/^https?:\/\//, "must be an http(s) URL")
    .optional()
    .describe(
      "The address providers call this server at (e.g. https://support.example.com): webhook signatures are checked against it",
    ),
  TWILIO_API_BASE_URL: z
    .url()
    .regex(/^https?:\/\//, "must be an http(s) URL")
    .default("https://api.twilio.com")
    .describe("Origin of the Twilio-compatible REST API that sends SMS and WhatsApp replies"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional()
    .describe("Keep rate-limit counters in this Redis instead of the database (sensitive)"),
  RATE_LIMIT_IP_PER_MINUTE: intFrom(600, 1).describe("Requests per minute from one client address"),
  RATE_LIMIT_KEY_PER_MINUTE: intFrom(1200, 1).describe("Requests per minute with one API key or session"),
  RATE_LIMIT_SENDER_PER_MINUTE: intFrom(30, 1).describe(
    "Channel messages per minute from one customer identity (REST channel sender)",
  ),
  LOGIN_FAILURES_BEFORE_LOCKOUT: intFrom(5, 1, 1000).describe(
    "Wrong passwords for one account before login is refused; each further failure doubles the wait",
  ),
  LOGIN_LOCKOUT_SECONDS: intFrom(60, 1, 86_400).describe("First lockout after repeated wrong passwords"),
  AUTH_FAILURES_PER_IP_PER_MINUTE: intFrom(30, 1).describe(
    "Failed logins and invalid API keys per minute from one client address",
  ),
  OUTBOX_POLL_MS: intFrom(1000, 50, 60_000).describe("How often the outbox worker looks for due effects (mail, SMS, webhooks)"),
  OUTBOX_MAX_ATTEMPTS: intFrom(12, 1, 100).describe(
    "Delivery attempts before an effect is marked dead (back-off doubles from 5 s up to 1 h between attempts)",
  ),
  BODY_LIMIT_BYTES: intFrom(1_048_576, 1024).describe("Largest accepted request body"),
  SESSION_TTL_HOURS: intFrom(12, 1, 24 * 30).describe("Staff session lifetime"),
  VERIFICATION_TRUST_HOURS: intFrom(24, 0, 24 * 365).describe(
    "How long a verified identity stays trusted across channels (workspace setting overrides)",
  ),
  CASE_RECENCY_HOURS: intFrom(72, 1, 24 * 365).describe(
    "An inbound contact joins an open case active within this window (workspace setting overrides)",
  ),
  SEED_DEMO: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true")
    .describe("Create the demo workspace on first start"),
  NLU_EXTRA_TRAINING_DIR: z
    .string()
    .min(1)
    .optional()
    .describe("Folder of <intent>.json files with the retailer's own intents and examples, merged at start"),
  LLM_PROVIDER: z
    .enum(["none", "openai-compatible", "openai", "anthropic"])
    .default("none")
    .describe("Language-model engine for the agent; none keeps the built-in offline engine only"),
  LLM_BASE_URL: z
    .url()
    .optional()
    .describe("Base URL of an OpenAI-compatible endpoint (vLLM, Ollama, LM Studio), e.g. http://127.0.0.1:11434/v1"),
  LLM_MODEL: z.string().min(1).max(200).optional().describe("Model name; required with LLM_PROVIDER"),
  LLM_API_KEY: z.string().min(1).max(500).optional().describe("API key for the model provider (sensitive)"),
  LLM_TIMEOUT_MS: intFrom(8_000, 200, 120_000).describe(
    "Longest a turn waits for the model before answering with the built-in engine",
  ),
  REALTIME_MESSAGES_PER_MINUTE: intFrom(60, 1, 100_000).describe(
    "Chat messages one shopper identity may send per minute over the realtime protocol",
  ),
  REALTIME_CONVERSATIONS_PER_IP_PER_MINUTE: intFrom(30, 1, 100_000).describe(
    "New realtime conversations one client address may start per minute",
  ),
  SMTP_ENABLED: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true")
    .describe("Run the inbound SMTP listener with the server"),
  SMTP_HOST: z.string().min(1).default("127.0.0.1").describe("Interface the SMTP listener binds (0.0.0.0 for all)"),
  SMTP_PORT: intFrom(2525, 0, 65535).describe("Port of the inbound SMTP listener"),
  SMTP_INBOUND_DOMAIN: z
    .string()
    .regex(/^(?=.{1,200}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i, "a domain name")
    .default("mail.localhost")
    .describe("Mail to <anything>@<workspace slug>.<this domain> reaches that workspace"),
  SMTP_MAX_MESSAGE_BYTES: intFrom(10 * 1024 * 1024, 1024, 100 * 1024 * 1024).describe(
    "Largest inbound mail; larger ones are refused with 552",
  ),
  SMTP_MAX_ATTACHMENTS: intFrom(10, 0, 100).describe("Most attachments in one inbound mail"),
  SMTP_MAX_ATTACHMENT_BYTES: intFrom(5 * 1024 * 1024, 1, 100 * 1024 * 1024).describe(
    "Largest single attachment in an inbound mail",
  ),
  SMTP_RELAY_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional()
    .describe("Relay for outbound mail, e.g. smtp://user:pass@relay:587 (sensitive); without it mail is only logged"),
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.url().regex(/^https?:\/\/[^/]+$/, "an origin such as https://shop.example.com (no path)")))
    .describe("Comma-separated origins whose browsers may call the API (CORS), e.g. https://shop.example.com; none by default"),
  FCM_SERVICE_ACCOUNT_FILE: z
    .string()
    .min(1)
    .optional()
    .describe("Firebase service-account key (JSON file) for mobile push; without it no push is sent"),
  FCM_API_BASE_URL: z
    .url()
    .regex(/^https?:\/\//, "must be an http(s) URL")
    .default("https://fcm.googleapis.com")
    .describe("Origin of the FCM HTTP v1 API that sends mobile push notifications"),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string };

export const SENSITIVE_CONFIG_KEYS = [
  "THROUGHLINE_BOOTSTRAP_API_KEY",
  "THROUGHLINE_OPERATOR_API_KEY",
  "DATABASE_URL",
  "LLM_API_KEY",
  "REDIS_URL",
  "SMTP_RELAY_URL",
] as const;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, env[key] === "" ? undefined : env[key]]),
  );
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const llm = parsed.data;
  if (llm.LLM_PROVIDER !== "none" && !llm.LLM_MODEL) {
    throw new ConfigError("Invalid configuration: LLM_MODEL: required when LLM_PROVIDER is set");
  }
  if (llm.LLM_PROVIDER === "openai-compatible" && !llm.LLM_BASE_URL) {
    throw new ConfigError("Invalid configuration: LLM_BASE_URL: required when LLM_PROVIDER is openai-compatible");
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
