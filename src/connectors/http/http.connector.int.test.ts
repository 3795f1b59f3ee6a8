import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, createWorkspace, type TestContext, type WorkspaceFixture } from "../../../test/helpers";

/** A stand-in for a retailer's order API, with switchable slowness and failure. */
let mode: "ok" | "slow" | "fail" = "ok";
let hits = 0;
let lastAuth: string | undefined;
const server = http.createServer((req, res) => {
  hits++;
  lastAuth = req.headers["x-api-token"] as string | undefined;
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (mode === "slow") {
    setTimeout(() => send(200, {}), 10_000).unref();
    return;
  }
  if (mode === "fail") return send(503, { error: "maintenance" });
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname === "/api/orders/R-100") {
    return send(200, {
      order_id: "R-100",
      state: "IN_TRANSIT",
      buyer: { mail: "ann@example.com" },
      items: [{ line: "1", item_sku: "TEE-1", name: "Tee", qty: 2, price: 20 }],
      shipments: [{ ref: "s1", carrier: "DHL", tracking: ["JD1"], status: "in_transit", lines: ["1"] }],
    });
  }
  if (url.pathname === "/api/stock/TEE-1") return send(200, { levels: [{ store: "S1", qty: 3 }, { store: "S2", qty: 0 }] });
  return send(404, { error: "not found" });
});

let ctx: TestContext;
let ws: WorkspaceFixture;
let customerId: string;
let baseUrl: string;

const configure = (overrides: Record<string, unknown> = {}) =>
  ctx.app.inject({
    method: "PUT",
    url: "/api/v1/connectors/settings",
    headers: ws.headers,
    payload: {
      kind: "http",
      http: {
        baseUrl,
        authHeader: { name: "x-api-token", value: "secret-token" },
        orderPath: "/orders/{number}",
        inventoryPath: "/stock/{sku}",
        timeoutMs: 200,
        retries: 1,
        backoffMs: 10,
        breaker: { consecutiveFailures: 3, halfOpenAfterMs: 60_000 },
        mapping: {
          order: { number: "order_id", status: "state", "customer.email": "buyer.mail", lines: "items", fulfilments: "shipments" },
          line: { id: "line", sku: "item_sku", title: "name", quantity: "qty", unitPrice: "price" },
          fulfilment: { id: "ref", carrier: "carrier", trackingNumbers: "tracking", status: "status", lineIds: "lines" },
          statuses: { IN_TRANSIT: "shipped", PLACED: "pending" },
          inventory: { list: "levels", sku: "", location: "store", quantity: "qty" },
        },
        ...overrides,
      },
    },
  });

const status = () =>
  ctx.app.inject({
    method: "POST",
    url: "/api/v1/tools/order.status",
    headers: ws.headers,
    payload: { input: { orderNumber: "R-100" }, customerId },
  });

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  ctx = await createTestContext();
  ws = await createWorkspace(ctx.services);
  const created = await ctx.services.customers.create(ws.workspaceId, { identities: [{ kind: "email", value: "ann@example.com" }] });
  const identity = created.identities[0];
  if (!identity) throw new Error("no identity");
  customerId = (await ctx.services.customers.verifyIdentity(ws.workspaceId, created.id, identity.id, "staff", "t")).id;
  const res = await configure();
  expect(res.statusCode).toBe(200);
  expect(res.body).not.toContain("secret-token");
});
afterAll(async () => {
  await ctx.close();
  await new Promise((resolve) => server.close(resolve));
});

describe("HTTP connector", () => {
  it("reads and maps an order from the retailer's API with the auth header", async () => {
    const res = await status();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ number: "R-100", status: "shipped", carrier: "DHL", trackingNumbers: ["JD1"] });
    expect(lastAuth).toBe("secret-token");
    const unknown = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/tools/order.lookup",
      headers: ws.headers,
      payload: { input: { orderNumber: "R-404" }, customerId },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("reads stock levels through the mapping", async () => {
    const levels = await (await ctx.services.connectors.forWorkspace(ws.workspaceId)).inventory.levels(ws.workspaceId, "TEE-1");
    expect(levels).toEqual([
      { sku: "TEE-1", location: "S1", quantity: 3, updatedAt: null },
      { sku: "TEE-1", location: "S2", quantity: 0, updatedAt: null },
    ]);
  });

  it("degrades a slow upstream to 'can't check right now' within the time budget", async () => {
    mode = "slow";
    const started = Date.now();
    const res = await status();
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe("UPSTREAM_UNAVAILABLE");
    // Two attempts of 200 ms plus backoff; waiting for the upstream would take its full 10 s.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("opens the breaker after repeated failures and stops calling the upstream", async () => {
    await configure({ timeoutMs: 300 }); // a new configuration starts with a closed breaker
    mode = "fail";
    hits = 0;
    expect((await status()).statusCode).toBe(503); // attempts 1+2
    expect((await status()).statusCode).toBe(503); // attempt 3 opens the breaker
    const before = hits;
    expect(before).toBe(3);
    // Failing fast means not calling the upstream at all (a wall-clock bound would flake under load).
    const failFast = await status();
    expect(failFast.statusCode).toBe(503);
    expect(hits).toBe(before);
    mode = "ok";
  });

  it("checks an action's policy on the order as the retailer's system reports it", async () => {
    mode = "ok";
    await configure({ timeoutMs: 301 });
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/tools/order.cancel",
      headers: ws.headers,
      payload: { input: { orderNumber: "R-100" }, customerId },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.rule.id).toBe("orders.cancel.shipped");
  });

  it("validates the settings and can switch back to the built-in connector", async () => {
    const bad = await ctx.app.inject({ method: "PUT", url: "/api/v1/connectors/settings", headers: ws.headers, payload: { kind: "http", http: { baseUrl: "not a url" } } });
    expect(bad.statusCode).toBe(400);
    const back = await ctx.app.inject({ method: "PUT", url: "/api/v1/connectors/settings", headers: ws.headers, payload: { kind: "builtin" } });
    expect(back.json().kind).toBe("builtin");
    expect((await status()).statusCode).toBe(404);
  });
});
