import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/client";
import { createMemoryRateLimitCounter } from "../src/http/plugins/memory-rate-limit-counter";
import { counterKey, createRateLimitCounter } from "../src/http/plugins/rate-limit-counter";
import {
  createStaffUser,
  createTestContext,
  createTestDatabase,
  createWorkspace,
  uniqueEmail,
  type TestContext,
} from "./helpers";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: Database;
let a: TestContext;
let b: TestContext;

beforeAll(async () => {
  database = await createTestDatabase();
  const limits = {
    ipPerMinute: 40,
    keyPerMinute: 5,
    senderPerMinute: 3,
    authFailuresPerIpPerMinute: 4,
    loginFailuresBeforeLockout: 3,
    loginLockoutSeconds: 1,
  };
  // Two app instances over one database: what two nodes behind a load balancer share.
  a = await createTestContext({ database, limits });
  b = await createTestContext({ database, limits });
});

afterAll(async () => {
  await a.app.close();
  await b.app.close();
  await database.close();
});

let address = 0;
// A range of its own per run: on PostgreSQL the per-address counters are shared with every other
// test file (the authorisation matrix alone fails authentication from a thousand addresses).
const range = `10.${100 + randomInt(100)}.${randomInt(200)}`;
/** Each test speaks from its own client address, so per-address budgets do not mix. */
const nextAddress = () => `${range}.${1 + (++address % 250)}`;

describe("login back-off per account", () => {
  it("answers 429 after the allowed wrong passwords, with a Retry-After that grows, even for the right password", async () => {
    const ws = await createWorkspace(a.services);
    const email = await createStaffUser(a.services, ws.workspaceId, "the right password");
    const login = (password: string, ip = nextAddress(), ctx = a) =>
      ctx.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        remoteAddress: ip,
        payload: { workspace: ws.slug, email, password },
      });

    for (let i = 0; i < 3; i++) expect((await login("wrong")).statusCode).toBe(401);
    const locked = await login("the right password");
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe("RATE_LIMITED");
    expect(locked.json().error.message).toMatch(/retry after 1 s/);
    expect(locked.headers["retry-after"]).toBe("1");
    // The other node sees the same lockout.
    expect((await login("the right password", nextAddress(), b)).statusCode).toBe(429);

    await wait(1_100);
    expect((await login("wrong again")).statusCode).toBe(401);
    const longer = await login("wrong");
    expect(longer.statusCode).toBe(429);
    expect(Number(longer.headers["retry-after"])).toBe(2);

    // Another account in the workspace is not locked by this one's failures.
    const other = await createStaffUser(a.services, ws.workspaceId, "other password");
    const otherLogin = await a.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: nextAddress(),
      payload: { workspace: ws.slug, email: other, password: "other password" },
    });
    expect(otherLogin.statusCode).toBe(200);

    await wait(2_100);
    const ok = await login("the right password");
    expect(ok.statusCode).toBe(200);
    // A success clears the count: one new failure does not lock again.
    expect((await login("wrong")).statusCode).toBe(401);
    expect((await login("the right password")).statusCode).toBe(200);
  });
});

describe("per API key", () => {
  it("counts one key's requests on both nodes and leaves other keys alone", async () => {
    const ws = await createWorkspace(a.services);
    const other = await createWorkspace(a.services);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const ctx = i % 2 === 0 ? a : b;
      const response = await ctx.app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: ws.headers,
        remoteAddress: nextAddress(),
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Its own address too: on PostgreSQL the per-address counters are shared with every other test file.
    const fresh = await b.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: other.headers,
      remoteAddress: nextAddress(),
    });
    expect(fresh.statusCode).toBe(200);
  });
});

describe("per client address", () => {
  it("limits invalid API keys from one address, not from another", async () => {
    const ip = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await (i % 2 ? a : b).app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        remoteAddress: ip,
        headers: { authorization: `Bearer tl_wrong_${i}_aaaaaaaaaaaaaaaaaaaa` },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const elsewhere = await a.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      remoteAddress: nextAddress(),
      headers: { authorization: "Bearer tl_wrong_elsewhere_aaaaaaaaaaaaaaaa" },
    });
    expect(elsewhere.statusCode).toBe(401);
  });

  it("limits all requests from one address across nodes", async () => {
    const ip = nextAddress();
    let first429 = -1;
    for (let i = 0; i < 45 && first429 < 0; i++) {
      const response = await (i % 2 ? a : b).app.inject({ method: "GET", url: "/health", remoteAddress: ip });
      if (response.statusCode === 429) {
        first429 = i;
        expect(response.headers["retry-after"]).toBeDefined();
        expect(response.json().error.code).toBe("RATE_LIMITED");
      }
    }
    expect(first429).toBe(40);
  });
});

describe("per customer identity on the REST channel", () => {
  it("limits one sender's messages and not another's", { timeout: 180_000 }, async () => {
    await a.services.agent.warmUp();
    const ws = await createWorkspace(a.services);
    const keys = await Promise.all(
      [0, 1, 2].map(() => a.services.auth.createApiKey(ws.workspaceId, { name: "channel", role: "admin" })),
    );
    const sender = uniqueEmail();
    const send = (value: string, i: number) =>
      a.app.inject({
        method: "POST",
        url: "/api/v1/channels/rest/messages",
        remoteAddress: nextAddress(),
        // A key per request: the sender limit is what is tested, not the key limit.
        headers: { authorization: `Bearer ${keys[i % 3]?.key}` },
        payload: { sender: [{ kind: "email", value }], text: `hello ${i}` },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(sender, i)).statusCode);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await send(uniqueEmail(), 0)).statusCode).toBe(201);
  });

  it("limits one identity's contacts on the inbound route too, on both nodes", async () => {
    const ws = await createWorkspace(a.services);
    const phone = "+14155552671";
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await (i % 2 ? a : b).app.inject({
        method: "POST",
        url: "/api/v1/inbound",
        headers: ws.headers,
        remoteAddress: nextAddress(),
        payload: { channel: "sms", identities: [{ kind: "phone", value: phone }], text: `text ${i}` },
      });
      statuses.push(response.statusCode);
    }
    // The REST key's own budget (5 a minute) is not what stops the fourth.
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});

describe("counters", () => {
  it("count, expire and back off alike in the database table and in memory", async () => {
    for (const counter of [createRateLimitCounter(database), createMemoryRateLimitCounter()]) {
      const key = counterKey("counter-test", String(Math.random()));
      expect((await counter.hit(key, 60_000)).current).toBe(1);
      const second = await counter.hit(key, 60_000);
      expect(second.current).toBe(2);
      expect(second.ttl).toBeGreaterThan(50_000);
      expect((await counter.peek(key)).current).toBe(2);
      const short = counterKey("counter-test-short", String(Math.random()));
      await counter.hit(short, 50);
      await wait(80);
      expect((await counter.hit(short, 50)).current).toBe(1);
      const account = counterKey("counter-test-login", String(Math.random()));
      expect(await counter.fail(account, 2, 10)).toBe(1);
      expect(await counter.blockedFor(account)).toBe(0);
      expect(await counter.fail(account, 2, 10)).toBe(2);
      expect(await counter.blockedFor(account)).toBeGreaterThan(9_000);
      expect(await counter.fail(account, 2, 10)).toBe(3);
      expect(await counter.blockedFor(account)).toBeGreaterThan(19_000);
      await counter.reset(account);
      expect(await counter.blockedFor(account)).toBe(0);
    }
  });
});
