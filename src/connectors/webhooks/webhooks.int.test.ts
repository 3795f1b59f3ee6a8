import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, createWorkspace, manualClock, type TestContext, type WorkspaceFixture } from "../../../test/helpers";
import { signWebhook } from "./webhook-signature";

const clock = manualClock("2026-01-15T12:00:00Z");
let ctx: TestContext;
let ws: WorkspaceFixture;
let secret: string;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  ws = await createWorkspace(ctx.services);
  const res = await ctx.app.inject({ method: "POST", url: "/api/v1/connectors/webhook-secret", headers: ws.headers });
  expect(res.statusCode).toBe(201);
  secret = res.json().secret;
});
afterAll(() => ctx.close());

const unix = () => Math.floor(clock.now().getTime() / 1000);
const send = (body: unknown, options: { signWith?: string; at?: number; raw?: string; workspaceId?: string } = {}) => {
  const raw = options.raw ?? JSON.stringify(body);
  return ctx.app.inject({
    method: "POST",
    url: `/api/v1/webhooks/retail/${options.workspaceId ?? ws.workspaceId}`,
    headers: { "content-type": "application/json", "x-throughline-signature": signWebhook(options.signWith ?? secret, raw, options.at ?? unix()) },
    payload: raw,
  });
};

const order = (status: string) => ({
  number: "W-1",
  status,
  customer: { email: "ann@example.com" },
  lines: [{ id: "1", sku: "TEE-1", title: "Tee", quantity: 1, unitPrice: 20 }],
});

describe("change webhooks", () => {
  it("applies a signed order.updated and keeps the order live", async () => {
    const first = await send({ id: "evt-1", type: "order.updated", data: order("processing") });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ eventId: "evt-1", inserted: 1 });
    const second = await send({ id: "evt-2", type: "order.updated", data: order("cancelled") });
    expect(second.json()).toMatchObject({ updated: 1 });
    const read = await ctx.app.inject({ method: "GET", url: "/api/v1/orders/W-1", headers: ws.headers });
    expect(read.json().orders[0].status).toBe("cancelled");
  });

  it("refuses a replayed event id, even freshly signed", async () => {
    const body = { id: "evt-replay", type: "inventory.updated", data: [{ sku: "TEE-1", location: "S1", quantity: 4 }] };
    expect((await send(body)).statusCode).toBe(200);
    const replay = await send(body);
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe("CONNECTORS_WEBHOOK_REPLAYED");
    clock.advance(1000);
    expect((await send(body)).statusCode).toBe(409);
  });

  it("refuses a bad signature, a stale timestamp and an unknown workspace", async () => {
    const body = { id: "evt-x", type: "store.updated", data: {} };
    const forged = await send(body, { signWith: "whsec_wrong" });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe("CONNECTORS_WEBHOOK_SIGNATURE_INVALID");
    const stale = await send(body, { at: unix() - 301 });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.message).toContain("5-minute");
    const tampered = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/retail/${ws.workspaceId}`,
      headers: { "content-type": "application/json", "x-throughline-signature": signWebhook(secret, '{"id":"a"}', unix()) },
      payload: '{"id":"b"}',
    });
    expect(tampered.statusCode).toBe(401);
    expect((await send(body, { workspaceId: "ws_unknown" })).statusCode).toBe(404);
  });

  it("rejects an invalid record naming the field, without burning the event id", async () => {
    const bad = await send({ id: "evt-store", type: "store.updated", data: { code: "S1", name: "Store" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("data.address");
    const store = {
      code: "S1",
      name: "Store",
      address: { line1: "1 Main", city: "Leeds", postalCode: "LS1 1AA", country: "GB" },
      latitude: 53.8,
      longitude: -1.55,
      timezone: "Europe/London",
      hours: { mon: [{ open: "09:00", close: "17:00" }] },
    };
    const good = await send({ id: "evt-store", type: "store.updated", data: store });
    expect(good.statusCode).toBe(200);
    const unknownType = await send({ id: "evt-t", type: "order.deleted", data: {} });
    expect(unknownType.json().error.field).toBe("type");
  });

  it("shows the secret once and never in the settings", async () => {
    const settings = await ctx.app.inject({ method: "GET", url: "/api/v1/connectors/settings", headers: ws.headers });
    expect(settings.json()).toMatchObject({ kind: "builtin", webhookSecretSet: true });
    expect(settings.body).not.toContain(secret);
  });
});
