import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisRateLimitCounter } from "../src/http/plugins/redis-rate-limit-counter";
import { createStaffUser, createTestContext, createWorkspace, type TestContext } from "./helpers";

// Redis is optional for deployments; this runs when a server is given (TEST_REDIS_URL=redis://…).
const redisUrl = process.env.TEST_REDIS_URL;

describe.skipIf(!redisUrl)("rate limits in Redis", () => {
  const counters = [0, 1].map(() => createRedisRateLimitCounter(redisUrl ?? "redis://127.0.0.1:1"));
  let a: TestContext;
  let b: TestContext;
  const limits = {
    ipPerMinute: 3,
    keyPerMinute: 1000,
    senderPerMinute: 1000,
    authFailuresPerIpPerMinute: 1000,
    loginFailuresBeforeLockout: 2,
    loginLockoutSeconds: 30,
  };

  beforeAll(async () => {
    // Two nodes with separate databases: only Redis can carry a count from one to the other.
    a = await createTestContext({ limits, rateLimitCounter: counters[0] });
    b = await createTestContext({ limits, rateLimitCounter: counters[1] });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await Promise.all(counters.map((c) => c.close()));
  });

  it("counts one address's requests on both nodes", async () => {
    const ip = `10.9.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await (i % 2 ? a : b).app.inject({ method: "GET", url: "/health", remoteAddress: ip })).statusCode,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it("locks an account on every node after repeated wrong passwords", async () => {
    const ws = await createWorkspace(a.services);
    const email = await createStaffUser(a.services, ws.workspaceId, "the right password");
    const login = (ctx: TestContext, password: string) =>
      ctx.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        remoteAddress: `10.8.${randomBytes(1)[0]}.${randomBytes(1)[0]}`,
        payload: { workspace: ws.slug, email, password },
      });
    expect((await login(a, "wrong")).statusCode).toBe(401);
    expect((await login(a, "wrong")).statusCode).toBe(401);
    const locked = await login(b, "the right password");
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThanOrEqual(29);
    expect((await login(a, "the right password")).statusCode).toBe(429);
  });
});
