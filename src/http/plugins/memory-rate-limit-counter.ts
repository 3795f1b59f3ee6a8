import type { CounterHit, RateLimitCounter } from "./rate-limit-counter";

type Entry = { hits: number; expiresAt: number; blockedUntil: number };

const DAY_MS = 86_400_000;

/**
 * Counters in process memory, with the database counter's rules. Used for the embedded database:
 * one process owns a PGlite folder, so that process is the only node there is, and a count
 * costs no round trip on the single connection every request shares.
 */
export function createMemoryRateLimitCounter(now: () => number = Date.now): RateLimitCounter {
  const entries = new Map<string, Entry>();
  let sinceSweep = 0;
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now() && entry.blockedUntil <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = () => {
    if (++sinceSweep < 1000) return;
    sinceSweep = 0;
    for (const key of entries.keys()) live(key);
  };
  return {
    async hit(key, windowMs): Promise<CounterHit> {
      sweep();
      const at = now();
      const entry = live(key);
      if (!entry || entry.expiresAt <= at) {
        entries.set(key, { hits: 1, expiresAt: at + windowMs, blockedUntil: entry?.blockedUntil ?? 0 });
        return { current: 1, ttl: windowMs };
      }
      entry.hits += 1;
      return { current: entry.hits, ttl: entry.expiresAt - at };
    },
    async peek(key) {
      const entry = live(key);
      const at = now();
      return entry && entry.expiresAt > at
        ? { current: entry.hits, ttl: entry.expiresAt - at }
        : { current: 0, ttl: 0 };
    },
    async fail(key, threshold, baseSeconds) {
      const at = now();
      const entry = live(key);
      const hits = entry && entry.expiresAt > at ? entry.hits + 1 : 1;
      const blockedUntil =
        hits >= threshold ? at + Math.min(baseSeconds * 2 ** (hits - threshold), 86_400) * 1000 : 0;
      entries.set(key, { hits, expiresAt: at + DAY_MS, blockedUntil });
      return hits;
    },
    async blockedFor(key) {
      return Math.max(0, (live(key)?.blockedUntil ?? 0) - now());
    },
    async reset(key) {
      entries.delete(key);
    },
  };
}
