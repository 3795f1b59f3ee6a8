/**
 * A per-connection allowance: `capacity` at once (a burst of messages queued while offline),
 * refilled at `perSecond`. Lives in memory because it is the connection's own.
 */
export function createTokenBucket(capacity: number, perSecond: number, now: () => number = Date.now) {
  let tokens = capacity;
  let at = now();
  const refill = () => {
    const t = now();
    tokens = Math.min(capacity, tokens + ((t - at) / 1000) * perSecond);
    at = t;
  };
  return {
    /** Takes one token; false when none is left. */
    take(): boolean {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    /** Milliseconds until the next token. */
    retryAfterMs(): number {
      refill();
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / perSecond) * 1000);
    },
  };
}
