import { createHash } from "node:crypto";
import type { SqlRunner } from "../../db/client";

export type CounterHit = { current: number; ttl: number };

/** Stored keys are hashes: the table never holds a client address, a key or an email. */
export const counterKey = (...parts: string[]) =>
  createHash("sha256").update(parts.join("\u0000")).digest("base64url");

const HIT = `
INSERT INTO rate_limit_counters AS c (key, hits, expires_at)
VALUES ($1, 1, now() + make_interval(secs => $2::float8 / 1000))
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN c.expires_at <= now() THEN 1 ELSE c.hits + 1 END,
  expires_at = CASE WHEN c.expires_at <= now() THEN EXCLUDED.expires_at ELSE c.expires_at END
RETURNING hits, GREATEST(0, CEIL(EXTRACT(EPOCH FROM (expires_at - now())) * 1000))::float8 AS ttl`;

// One failed login: the count lives a day (reset by a success); from `threshold` failures on, each
// failure blocks the account for base × 2^(failures − threshold) seconds, capped at a day.
const NEXT_FAILURES = "CASE WHEN c.expires_at <= now() THEN 1 ELSE c.hits + 1 END";
const blockUntil = (failures: string) =>
  `CASE WHEN ${failures} >= $2::int
        THEN now() + make_interval(secs => LEAST($3::float8 * power(2, ${failures} - $2::int), 86400)) END`;
const FAIL = `
INSERT INTO rate_limit_counters AS c (key, hits, expires_at, blocked_until)
VALUES ($1, 1, now() + interval '1 day', ${blockUntil("1")})
ON CONFLICT (key) DO UPDATE SET
  hits = ${NEXT_FAILURES},
  expires_at = EXCLUDED.expires_at,
  blocked_until = ${blockUntil(`(${NEXT_FAILURES})`)}
RETURNING hits`;

const BLOCKED = `
SELECT CEIL(EXTRACT(EPOCH FROM (blocked_until - now())) * 1000)::float8 AS ttl
FROM rate_limit_counters WHERE key = $1 AND blocked_until > now()`;

const PEEK = `
SELECT hits, CEIL(EXTRACT(EPOCH FROM (expires_at - now())) * 1000)::float8 AS ttl
FROM rate_limit_counters WHERE key = $1 AND expires_at > now()`;

export type RateLimitCounter = {
  hit(key: string, windowMs: number): Promise<CounterHit>;
  peek(key: string): Promise<CounterHit>;
  /** Records a failure; returns how many in a row. */
  fail(key: string, threshold: number, baseSeconds: number): Promise<number>;
  /** Milliseconds until `key` may try again, or 0. */
  blockedFor(key: string): Promise<number>;
  reset(key: string): Promise<void>;
};

/**
 * Counters in PostgreSQL (or PGlite), so every node behind a load balancer sees the same counts.
 * Each change is one atomic upsert; the database clock decides windows, not the nodes' clocks.
 */
export function createRateLimitCounter(runner: SqlRunner): RateLimitCounter {
  let sinceSweep = 0;
  const sweep = () => {
    if (++sinceSweep < 1000) return;
    sinceSweep = 0;
    void runner
      .query("DELETE FROM rate_limit_counters WHERE expires_at < now() - interval '1 hour'")
      .catch(() => undefined);
  };
  return {
    async hit(key: string, windowMs: number): Promise<CounterHit> {
      sweep();
      const [row] = await runner.query<{ hits: number; ttl: number }>(HIT, [key, windowMs]);
      return { current: Number(row?.hits ?? 1), ttl: Number(row?.ttl ?? windowMs) };
    },
    async peek(key: string): Promise<CounterHit> {
      const [row] = await runner.query<{ hits: number; ttl: number }>(PEEK, [key]);
      return { current: Number(row?.hits ?? 0), ttl: Number(row?.ttl ?? 0) };
    },
    async fail(key: string, threshold: number, baseSeconds: number): Promise<number> {
      const [row] = await runner.query<{ hits: number }>(FAIL, [key, threshold, baseSeconds]);
      return Number(row?.hits ?? 1);
    },
    async blockedFor(key: string): Promise<number> {
      const [row] = await runner.query<{ ttl: number }>(BLOCKED, [key]);
      return Math.max(0, Number(row?.ttl ?? 0));
    },
    async reset(key: string): Promise<void> {
      await runner.query("DELETE FROM rate_limit_counters WHERE key = $1", [key]);
    },
  };
}
