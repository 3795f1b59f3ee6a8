import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestContext,
  createWorkspace,
  type TestContext,
  type WorkspaceFixture,
} from "../../../test/helpers";

/** A retailer's order API: orders in Throughline's format, and a cancel endpoint whose answer the test sets. */
let answer: "accept" | "refuse" | "down" = "accept";
const posts: {
  path: string;
  key: string | undefined;
  auth: string | undefined;
  body: Record<string, unknown>;
}[] = [];
const order = (number: string) => ({
  number,
  status: "processing",
  currency: "USD",
  customer: { email: "ann@example.com" },
  lines: [{ id: "1", sku: "TEE-1", title: "Tee", quantity: 1, unitPrice: 20 }],
  payments: [{ method: "card", amount: 20, status: "captured" }],
});
const server = http.createServer((req, res) => {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  let raw = "";
  req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
  req.on("end", () => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const get = /^\/api\/orders\/([^/]+)$/.exec(path);
    if (req.method === "GET" && get) return send(200, order(decodeURIComponent(get[1]!)));
    if (req.method === "POST" && /^\/api\/orders\/[^/]+\/cancel$/.test(path)) {
      posts.push({
        path,
        key: req.headers["idempotency-key"] as string,
        auth: req.headers["x-api-token"] as string,
        body: JSON.parse(raw),
      });
      if (answer === "down") return send(503, { error: "maintenance" });
      if (answer === "refuse") return send(409, { message: "the parcel is already packed" });
      return send(201, { reference: "CX-77" });
    }
    return send(404, {});
  });
});

let ctx: TestContext;
let ws: WorkspaceFixture;
let customerId: string;
let baseUrl: string;

const configure = (actions: Record<string, string>) =>
  ctx.app.inject({
    method: "PUT",
    url: "/api/v1/connectors/settings",
    headers: ws.headers,
    payload: {
      kind: "http",
      http: {
        baseUrl,
        authHeader: { name: "x-api-token", value: "secret-token" },
        actions,
        timeoutMs: 500,
        retries: 1,
        backoffMs: 10,
      },
    },
  });

const cancel = (orderNumber: string, requestId: string) =>
  ctx.app.inject({
    method: "POST",
    url: "/api/v1/tools/order.cancel",
    headers: ws.headers,
    payload: { input: { orderNumber, reason: "changed my mind" }, customerId, requestId },
  });

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  ctx = await createTestContext();
  ws = await createWorkspace(ctx.services);
  const created = await ctx.services.customers.create(ws.workspaceId, {
    identities: [{ kind: "email", value: "ann@example.com" }],
  });
  customerId = (
    await ctx.services.customers.verifyIdentity(
      ws.workspaceId,
      created.id,
      created.identities[0]!.id,
      "staff",
      "t",
    )
  ).id;
});
afterAll(async () => {
  await ctx.close();
  await new Promise((resolve) => server.close(resolve));
});

describe("order actions through the HTTP connector", () => {
  it("reports a cancel as done only once the order system accepted it, and sends it once per request id", async () => {
    expect((await configure({ cancel: "/orders/{number}/cancel" })).statusCode).toBe(200);
    const done = await cancel("R-1", "req-r1");
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      status: "cancelled",
      writeBack: "performed",
      returnId: "CX-77",
      replayed: false,
    });
    expect(posts.at(-1)).toMatchObject({
      path: "/api/orders/R-1/cancel",
      key: "order.cancel:req-r1",
      auth: "secret-token",
      body: {
        action: "order.cancel",
        orderNumber: "R-1",
        input: { orderNumber: "R-1", reason: "changed my mind" },
      },
    });
    const sent = posts.length;
    const again = await cancel("R-1", "req-r1");
    expect(again.json()).toMatchObject({ replayed: true, writeBack: "performed" });
    expect(posts).toHaveLength(sent);
  });

  it("passes on the order system's refusal, and says it cannot act while the system is down", async () => {
    answer = "refuse";
    const refused = await cancel("R-2", "req-r2");
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: "ORDERS_ACTION_REFUSED",
      message: expect.stringContaining("already packed"),
    });

    answer = "down";
    const down = await cancel("R-3", "req-r3");
    expect(down.statusCode).toBe(503);
    // A retry (one, as configured) carried the same idempotency key.
    expect(posts.slice(-2).map((p) => p.key)).toEqual(["order.cancel:req-r3", "order.cancel:req-r3"]);
    // Nothing was recorded as done: the same request id acts once the system is back.
    answer = "accept";
    expect((await cancel("R-3", "req-r3")).json()).toMatchObject({
      writeBack: "performed",
      replayed: false,
    });
  });

  it("without an action endpoint, publishes a request when a webhook receives it, and refuses when none does", async () => {
    await configure({});
    const unsupported = await cancel("R-4", "req-r4");
    expect(unsupported.statusCode).toBe(409);
    expect(unsupported.json().error.code).toBe("ACTIONS_UNSUPPORTED");

    await ctx.app.inject({
      method: "POST",
      url: "/api/v1/webhooks/endpoints",
      headers: ws.headers,
      payload: { url: "https://orders.example.com/hooks", eventTypes: ["order.action_requested"] },
    });
    const requested = await cancel("R-4", "req-r4");
    expect(requested.statusCode).toBe(200);
    expect(requested.json()).toMatchObject({ status: "cancelled", writeBack: "requested" });
    const deliveries = (
      await ctx.app.inject({ method: "GET", url: "/api/v1/webhooks/deliveries", headers: ws.headers })
    ).json().deliveries;
    expect(deliveries).toMatchObject([{ type: "order.action_requested", status: "pending" }]);
  });
});
