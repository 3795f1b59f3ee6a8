import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestContext,
  createWorkspace,
  manualClock,
  type TestContext,
  type WorkspaceFixture,
} from "../../../test/helpers";
import { signWebhook } from "./webhook-signature";

const clock = manualClock("2026-02-02T10:00:00Z");
let ctx: TestContext;
let ws: WorkspaceFixture;
const shopifySecret = "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";

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  ws = await createWorkspace(ctx.services);
});
afterAll(() => ctx.close());

/** An orders/* payload as Shopify sends it (Admin REST order shape). */
const order = (updatedAt: string, changes: Record<string, unknown> = {}) => ({
  id: 820982911946154500,
  name: "#7001",
  order_number: 7001,
  email: "jon@example.com",
  created_at: "2026-02-01T09:00:00-05:00",
  updated_at: updatedAt,
  currency: "USD",
  financial_status: "paid",
  fulfillment_status: null,
  cancelled_at: null,
  total_price: "25.00",
  customer: { id: 115310627314723950, email: "jon@example.com" },
  line_items: [
    {
      id: 1,
      variant_id: 2,
      product_id: 3,
      title: "Socks",
      variant_title: null,
      sku: "SOCK-1",
      quantity: 1,
      price: "25.00",
    },
  ],
  ...changes,
});

const deliver = (
  body: unknown,
  options: {
    webhookId: string;
    topic?: string;
    secret?: string;
    hmac?: string;
    raw?: Buffer;
    workspaceId?: string;
  },
) => {
  const raw = options.raw ?? Buffer.from(JSON.stringify(body), "utf8");
  const hmac =
    options.hmac ??
    createHmac("sha256", options.secret ?? shopifySecret)
      .update(raw)
      .digest("base64");
  return ctx.app.inject({
    method: "POST",
    url: `/api/v1/webhooks/shopify/${options.workspaceId ?? ws.workspaceId}`,
    headers: {
      "content-type": "application/json",
      "x-shopify-hmac-sha256": hmac,
      "x-shopify-topic": options.topic ?? "orders/updated",
      "x-shopify-webhook-id": options.webhookId,
      "x-shopify-shop-domain": "example.myshopify.com",
    },
    payload: raw,
  });
};

const storedStatus = async () =>
  (await ctx.app.inject({ method: "GET", url: "/api/v1/orders/7001", headers: ws.headers })).json()
    .orders[0]?.status;

describe("Shopify order webhooks", () => {
  it("refuses every webhook until the app's secret is set, and never shows the secret", async () => {
    expect((await deliver(order("2026-02-01T10:00:00Z"), { webhookId: "w-0" })).statusCode).toBe(404);
    const set = await ctx.app.inject({
      method: "PUT",
      url: "/api/v1/connectors/shopify-webhook-secret",
      headers: ws.headers,
      payload: { secret: shopifySecret },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().shopifyWebhookSecretSet).toBe(true);
    expect(set.body).not.toContain(shopifySecret);
  });

  it("applies a correctly signed order once, whatever Shopify resends under the same webhook id", async () => {
    const created = await deliver(order("2026-02-01T10:00:00Z"), {
      webhookId: "w-1",
      topic: "orders/create",
    });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ applied: true, duplicate: false, inserted: 1 });
    expect(await storedStatus()).toBe("processing");

    // Shopify retries an unacknowledged delivery with the same id: acknowledged, not applied again.
    const resent = await deliver(order("2026-02-01T10:00:00Z", { cancelled_at: "2026-02-01T11:00:00Z" }), {
      webhookId: "w-1",
    });
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ applied: false, duplicate: true });
    expect(await storedStatus()).toBe("processing");

    const cancelled = await deliver(order("2026-02-01T11:00:00Z", { cancelled_at: "2026-02-01T11:00:00Z" }), {
      webhookId: "w-2",
      topic: "orders/cancelled",
    });
    expect(cancelled.json()).toMatchObject({ applied: true, updated: 1 });
    expect(await storedStatus()).toBe("cancelled");
  });

  it("never lets an older version that arrives late replace a newer one", async () => {
    const late = await deliver(order("2026-02-01T10:30:00Z"), { webhookId: "w-late" });
    expect(late.statusCode).toBe(200);
    expect(late.json()).toMatchObject({
      applied: false,
      conflicts: [{ key: "7001", reason: expect.stringContaining("newer") }],
    });
    expect(await storedStatus()).toBe("cancelled");
  });

  it("refuses a wrong or missing HMAC and a body changed after signing", async () => {
    const body = order("2026-02-01T12:00:00Z");
    const wrong = await deliver(body, { webhookId: "w-3", secret: "shpss_not_the_secret_of_this_app" });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("CONNECTORS_WEBHOOK_SIGNATURE_INVALID");
    expect((await deliver(body, { webhookId: "w-3", hmac: "" })).statusCode).toBe(401);
    const signed = Buffer.from(JSON.stringify(body));
    const hmac = createHmac("sha256", shopifySecret).update(signed).digest("base64");
    const tampered = Buffer.from(JSON.stringify({ ...body, total_price: "0.01" }));
    expect((await deliver(null, { webhookId: "w-3", hmac, raw: tampered })).statusCode).toBe(401);
    // The refused id was not burnt: the genuine delivery still goes through.
    expect((await deliver(body, { webhookId: "w-3" })).json()).toMatchObject({ applied: true });
  });

  it("names the missing header or field, and acknowledges topics it does not act on", async () => {
    const noId = await deliver(order("2026-02-01T13:00:00Z"), { webhookId: "" });
    expect(noId.statusCode).toBe(400);
    expect(noId.json().error.field).toBe("x-shopify-webhook-id");
    const noLines = await deliver(order("2026-02-01T13:00:00Z", { line_items: [] }), { webhookId: "w-4" });
    expect(noLines.statusCode).toBe(400);
    expect(noLines.json().error.field).toBe("lines");
    const notJson = await deliver(null, { webhookId: "w-5", raw: Buffer.from("{not json") });
    expect(notJson.statusCode).toBe(400);
    const deleted = await deliver({ id: 820982911946154500 }, { webhookId: "w-6", topic: "orders/delete" });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ ignored: true, applied: false });
    expect(
      (await deliver(order("2026-02-01T13:00:00Z"), { webhookId: "w-7", workspaceId: "ws_nope" })).statusCode,
    ).toBe(404);
  });
});

describe("change-webhook secret rotation", () => {
  const unix = () => Math.floor(clock.now().getTime() / 1000);
  const send = (secret: string, id: string) => {
    const raw = JSON.stringify({
      id,
      type: "inventory.updated",
      data: [{ sku: "SOCK-1", location: "S1", quantity: 3 }],
    });
    return ctx.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/retail/${ws.workspaceId}`,
      headers: {
        "content-type": "application/json",
        "x-throughline-signature": signWebhook(secret, raw, unix()),
      },
      payload: raw,
    });
  };
  const rotate = async (query = "") =>
    (
      await ctx.app.inject({
        method: "POST",
        url: `/api/v1/connectors/webhook-secret${query}`,
        headers: ws.headers,
      })
    ).json();

  it("keeps the previous secret valid through the overlap window, then refuses it", async () => {
    const first = await rotate();
    expect(first.previousValidUntil).toBeNull();
    const second = await rotate("?overlapHours=2");
    expect(new Date(second.previousValidUntil).getTime() - clock.now().getTime()).toBe(2 * 3_600_000);
    expect((await send(first.secret, "e-1")).statusCode).toBe(200);
    expect((await send(second.secret, "e-2")).statusCode).toBe(200);
    clock.advance(2 * 3_600_000 + 1000);
    expect((await send(first.secret, "e-3")).statusCode).toBe(401);
    expect((await send(second.secret, "e-4")).statusCode).toBe(200);
  });

  it("revokes the previous secret at once with overlapHours=0, and refuses a window over a week", async () => {
    const before = await rotate();
    const after = await rotate("?overlapHours=0");
    expect(after.previousValidUntil).toBeNull();
    expect((await send(before.secret, "e-5")).statusCode).toBe(401);
    const tooLong = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/connectors/webhook-secret?overlapHours=500",
      headers: ws.headers,
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.field).toMatch(/overlapHours/);
  });
});
