import { describe, expect, it } from "vitest";
import { createTokenBucket } from "./token-bucket";

describe("token bucket", () => {
  it("allows a burst up to capacity, then refills at the rate", () => {
    let t = 0;
    const bucket = createTokenBucket(3, 2, () => t);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.retryAfterMs()).toBe(500);
    t = 499;
    expect(bucket.take()).toBe(false);
    t = 1000;
    // 0.998 tokens at 499 ms plus 1.002 refilled since: two whole tokens.
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    t = 100_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
