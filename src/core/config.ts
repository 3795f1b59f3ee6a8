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
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
});

export type Config = z.infer<typeof configSchema> & { dataDir: string };

export const SENSITIVE_CONFIG_KEYS = ["THROUGHLINE_BOOTSTRAP_API_KEY", "DATABASE_URL", "LLM_API_KEY"] as const;

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
