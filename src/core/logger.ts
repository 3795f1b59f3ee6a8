import { pino, type DestinationStream, type Logger } from "pino";
import { scrubText } from "./scrub-text";

export type { Logger };

// Fields that carry secrets or personal data wherever they appear, as a top-level log field or
// one level down; pino replaces them before anything is written.
const SENSITIVE_FIELDS = [
  "password",
  "passwordHash",
  "token",
  "apiKey",
  "key",
  "secret",
  "authorization",
  "cookie",
  "email",
  "phone",
  "name",
  "displayName",
  "text",
  "body",
  "address",
  "line1",
  "line2",
  "street",
  "postalCode",
  "params",
  "query",
  "sql",
];

export const REDACT_PATHS = [
  "req.headers",
  "res.headers",
  ...SENSITIVE_FIELDS,
  ...SENSITIVE_FIELDS.map((field) => `*.${field}`),
];

type RequestLike = {
  id?: string;
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
};

/**
 * The route pattern (`/api/v1/customers/:id`), never the URL: a query string carries searches by
 * email or phone number, and a path segment can carry an identity.
 */
function serializeRequest(request: RequestLike) {
  const route = request.routeOptions?.url;
  return {
    id: request.id,
    method: request.method,
    route: route ?? (request.url ?? "").split("?")[0]?.replace(/[^/]{40,}/g, "[long]"),
  };
}

function serializeResponse(reply: { statusCode?: number }) {
  return { statusCode: reply.statusCode };
}

type ErrorLike = Error & {
  code?: unknown;
  kind?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  cause?: unknown;
};

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * What an error may say in a log: its type, codes and stack frames. Database errors never carry
 * their SQL, parameters or detail ("Key (email)=(…)"), and quoted values are cut from their message
 * ("invalid input syntax for type uuid: \"…\"").
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> | undefined {
  if (!(error instanceof Error)) {
    return error === undefined ? undefined : { message: scrubText(String(error)).slice(0, 200) };
  }
  const e = error as ErrorLike;
  const isDatabase =
    (typeof e.code === "string" && SQLSTATE.test(e.code)) || e.message.startsWith("Failed query:");
  const message = e.message.startsWith("Failed query:")
    ? "database query failed (SQL and parameters withheld)"
    : isDatabase
      ? e.message.replace(/"[^"]*"|'[^']*'/g, '"…"')
      : scrubText(e.message);
  return {
    type: e.name,
    message: message.slice(0, 500),
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    ...(typeof e.kind === "string" ? { kind: e.kind } : {}),
    ...(typeof e.constraint === "string" ? { constraint: e.constraint } : {}),
    ...(typeof e.table === "string" ? { table: e.table } : {}),
    ...(typeof e.column === "string" ? { column: e.column } : {}),
    // Frames only: the first stack line repeats the message.
    stack: (e.stack ?? "")
      .split("\n")
      .filter((line) => line.trimStart().startsWith("at "))
      .slice(0, 15)
      .join("\n"),
    ...(e.cause !== undefined && depth < 4 ? { cause: serializeError(e.cause, depth + 1) } : {}),
  };
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (depth > 6 || value === null || typeof value !== "object" || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

/**
 * Redaction by design: serializers decide what a request, response or error may say, known
 * sensitive fields are censored, and every string left is scrubbed of emails, phone numbers,
 * tokens, keys and password hashes as a last line.
 */
export function createLogger(level: string, destination?: DestinationStream | NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: {
        req: serializeRequest,
        res: serializeResponse,
        err: serializeError,
        error: serializeError,
      },
      formatters: { log: (object) => scrubDeep(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === "string" ? scrubText(arg) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    (destination ?? process.stdout) as DestinationStream,
  );
}

/** A log file when LOG_FILE is set (the start-up banner never goes there), otherwise stdout. */
export function logDestination(file: string | undefined): DestinationStream | NodeJS.WritableStream {
  return file ? pino.destination({ dest: file, mkdir: true, sync: false }) : process.stdout;
}
