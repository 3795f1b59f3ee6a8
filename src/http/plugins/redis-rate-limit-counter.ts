import { Redis } from "ioredis";
import type { RateLimitCounter } from "./rate-limit-counter";

const PREFIX = "throughline:rate:";

const HIT = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if current == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}`;

// Same rule as the database counter: from `threshold` failures on, block for
// base × 2^(failures − threshold) seconds, at most a day; the count itself lives a day.
const FAIL = `
local failures = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], 86400000)
local threshold = tonumber(ARGV[1])
if failures >= threshold then
  local seconds = math.min(tonumber(ARGV[2]) * 2 ^ (failures - threshold), 86400)
  redis.call('SET', KEYS[2], '1', 'PX', math.floor(seconds * 1000))
end
return failures`;

/** The same counters in Redis, for deployments that already run one (REDIS_URL). */
export function createRedisRateLimitCounter(url: string): RateLimitCounter & { close(): Promise<void> } {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // A Redis outage lets requests through (the callers catch), and must not crash the process.
  redis.on("error", () => undefined);
  const key = (name: string) => `${PREFIX}${name}`;
  return {
    async hit(name, windowMs) {
      const [current, ttl] = (await redis.eval(HIT, 1, key(name), Math.round(windowMs))) as [number, number];
      return { current: Number(current), ttl: Number(ttl) };
    },
    async peek(name) {
      const [value, ttl] = await Promise.all([redis.get(key(name)), redis.pttl(key(name))]);
      return { current: Number(value ?? 0), ttl: Math.max(0, ttl) };
    },
    async fail(name, threshold, baseSeconds) {
      return Number(await redis.eval(FAIL, 2, key(name), key(`${name}:blocked`), threshold, baseSeconds));
    },
    async blockedFor(name) {
      return Math.max(0, await redis.pttl(key(`${name}:blocked`)));
    },
    async reset(name) {
      await redis.del(key(name), key(`${name}:blocked`));
    },
    async close() {
      redis.disconnect();
    },
  };
}
