import { Writable } from "node:stream";
import { createLogger, type Logger } from "../src/core/logger";
import { redactPersonalData } from "../src/agent/llm/lib/redact-personal-data";

export type LogCapture = { logger: Logger; lines(): string[] };

/** A real logger (the one the server uses) writing into memory, for tests that read what it wrote. */
export function captureLogs(level = "trace"): LogCapture {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  return {
    logger: createLogger(level, sink),
    lines: () => chunks.join("").split("\n").filter(Boolean),
  };
}

export type LogFinding = { kind: string; value: string; line: string };

const PATTERNS: [string, RegExp][] = [
  ["email", /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i],
  ["api key or session token", /\btls?_[A-Za-z0-9_-]{8,}/],
  ["password hash", /scrypt\$/],
  ["bearer credential", /Bearer\s+\S{8,}/],
];

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value && typeof value === "object") for (const item of Object.values(value)) stringsIn(item, out);
  return out;
}

/**
 * Finds secrets and personal data in log lines: emails, keys, tokens, password hashes by pattern;
 * phone numbers, card numbers and street addresses with the same detector the model redaction
 * uses (in both the US and GB numbering plans); and any value the test knows it sent
 * (`known`: passwords, names, addresses).
 */
export function scanLogs(lines: string[], known: string[] = []): LogFinding[] {
  const findings: LogFinding[] = [];
  for (const line of lines) {
    let values: string[];
    try {
      values = stringsIn(JSON.parse(line));
    } catch {
      values = [line];
    }
    for (const value of values) {
      for (const [kind, pattern] of PATTERNS) {
        const match = value.match(pattern);
        if (match) findings.push({ kind, value: match[0], line });
      }
      for (const region of ["US", "GB"]) {
        const redacted = redactPersonalData(value, { defaultRegion: region });
        const kind = redacted.match(/\[(phone|card|address)\]/)?.[1];
        if (kind && !value.includes(`[${kind}]`)) findings.push({ kind, value, line });
      }
      for (const secret of known) {
        // Whole tokens only: a short known value such as four digits of a phone number
        // otherwise turns up inside random request ids.
        if (secret && wholeToken(secret).test(value)) {
          findings.push({ kind: "known value", value: secret, line });
        }
      }
    }
  }
  return findings;
}

function wholeToken(secret: string): RegExp {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "iu");
}
