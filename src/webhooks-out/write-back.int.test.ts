import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openShop, say, type Shop } from "../agent/test-support/conversation";
import {
  createTestContext,
  createWorkspace,
  manualClock,
  uniqueEmail,
  type TestContext,
} from "../../test/helpers";
import { startWebhookReceiver, type WebhookReceiver } from "./test-support/webhook-receiver";

// Signatures are checked against the receiver's real time, so the test clock starts at now.
const clock = manualClock(new Date());
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  await ctx.services.agent.warmUp();
});
afterAll(() => ctx.close());

/** Subscribes a local receiver to `types` in the shop's workspace. */
async function subscribe(shop: Shop, types: string[], answer: () => number): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver(answer);
  const endpoint = await ctx.app.inject({
    method: "POST",
    url: "/api/v1/webhooks/endpoints",
    headers: shop.ws.headers,
    payload: { url: receiver.url, eventTypes: types },
  });
  receiver.useSecret(endpoint.json().secret);
  return receiver;
}

const deliverAll = async () => {
  await ctx.services.webhooksOut.idle();
  return ctx.services.outbox.drainDue();
};

describe("write-back of order actions", () => {
  it("tells the customer a cancel is requested, not done, when the retailer's system applies it from an event", async () => {
    const shop = await openShop(ctx);
    let status = 503;
    const receiver = await subscribe(shop, ["order.action_requested"], () => status);
    try {
      // 1. A verified customer asks to cancel and confirms.
      await shop.verified(shop.maya);
      expect((await shop.send(shop.maya, "please cancel order 1001")).decision).toBe("confirm");
      const reply = await shop.send(shop.maya, "yes, go ahead");
      expect(reply.decision).toBe("act");
      expect(say(reply)).toMatch(/asked our order team to cancel order 1001/);
      expect(say(reply)).not.toMatch(/1001 is cancelled/);

      // 2. The order system is down at first; the retried event carries the same webhook-id.
      expect(await deliverAll()).toBe(0);
      status = 200;
      clock.advance(10_000);
      expect(await deliverAll()).toBe(1);
      const [first, second] = receiver.received;
      expect(second!.id).toBe(first!.id);
      expect(second!.verified).toBe(true);
      expect(second!.body).toMatchObject({
        type: "order.action_requested",
        data: { action: "order.cancel", orderNumber: "1001", result: { status: "cancelled" } },
      });
    } finally {
      await receiver.close();
    }
  });

  it("says done and reports the action as performed when Throughline's data is the record", async () => {
    const shop = await openShop(ctx);
    const receiver = await subscribe(shop, ["order.action_performed"], () => 200);
    try {
      await shop.verified(shop.maya);
      await shop.send(shop.maya, "please cancel order 1001");
      expect(say(await shop.send(shop.maya, "yes"))).toMatch(/order 1001 is cancelled/);
      expect(await deliverAll()).toBe(1);
      expect(receiver.received[0]!.body).toMatchObject({
        type: "order.action_performed",
        data: { orderNumber: "1001" },
      });
    } finally {
      await receiver.close();
    }
  });
});

/** A Shopify Admin API order, as in an export, last changed at `updatedAt`. */
const shopifyOrder = (
  number: number,
  email: string,
  updatedAt: string,
  changes: Record<string, unknown> = {},
) => ({
  id: 820982911946154500 + number,
  name: `#${number}`,
  order_number: number,
  email,
  created_at: "2026-01-10T08:00:00Z",
  updated_at: updatedAt,
  currency: "USD",
  financial_status: "paid",
  fulfillment_status: null,
  cancelled_at: null,
  subtotal_price: "25.00",
  total_tax: "0.00",
  total_price: "25.00",
  customer: { id: 115310627314723950 + number, email },
  shipping_address: {
    name: "A Shopper",
    address1: "1 Main St",
    city: "Louisville",
    province_code: "KY",
    zip: "40202",
    country_code: "US",
  },
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
  fulfillments: [],
  refunds: [],
  ...changes,
});

describe("imports after an action", () => {
  it("never rolls back a cancel made after the export, reports the conflict, and takes a newer export", async () => {
    const ws = await createWorkspace(ctx.services);
    const email = uniqueEmail();
    const importOrders = (records: unknown[], kind = "shopify-orders") =>
      ctx.app.inject({
        method: "POST",
        url: `/api/v1/imports/${kind}`,
        headers: ws.headers,
        payload: { records },
      });
    const exportedAt = new Date(clock.now().getTime() - 3_600_000).toISOString();
    expect((await importOrders([shopifyOrder(5001, email, exportedAt)])).json()).toMatchObject({
      inserted: 1,
    });

    // 1. An agent cancels the order for the verified customer.
    const customer = await ctx.services.customers.create(ws.workspaceId, {
      identities: [{ kind: "email", value: email }],
    });
    await ctx.services.customers.verifyIdentity(
      ws.workspaceId,
      customer.id,
      customer.identities[0]!.id,
      "staff",
      "test",
    );
    const cancel = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/tools/order.cancel",
      headers: ws.headers,
      payload: { input: { orderNumber: "5001" }, customerId: customer.id, requestId: "cancel-5001" },
    });
    expect(cancel.json()).toMatchObject({ status: "cancelled", writeBack: "performed" });
    const status = async () =>
      (await ctx.app.inject({ method: "GET", url: "/api/v1/orders/5001", headers: ws.headers })).json()
        .orders[0].status;

    // 2. The routine re-import of the same export keeps the cancel and says so.
    const again = (await importOrders([shopifyOrder(5001, email, exportedAt)])).json();
    expect(again).toMatchObject({
      updated: 0,
      conflicts: [{ key: "5001", reason: expect.stringContaining("kept") }],
    });
    expect(await status()).toBe("cancelled");
    // A record with no update time cannot show it is newer either.
    const undated = (
      await importOrders(
        [
          {
            number: "5001",
            status: "processing",
            customer: { email },
            lines: [{ id: "1", sku: "SOCK-1", title: "Socks", quantity: 1, unitPrice: 25 }],
          },
        ],
        "orders",
      )
    ).json();
    expect(undated.conflicts).toHaveLength(1);
    expect(await status()).toBe("cancelled");

    // 3. An export made after the cancel is the order system's newer word: it is applied.
    clock.advance(60_000);
    const later = new Date(clock.now().getTime()).toISOString();
    const newer = (
      await importOrders([
        shopifyOrder(5001, email, later, { cancelled_at: later, financial_status: "refunded" }),
      ])
    ).json();
    expect(newer).toMatchObject({ updated: 1, conflicts: [] });
    expect(await status()).toBe("cancelled");
    // From then on the order is the source's again: a still newer export replaces it freely.
    clock.advance(60_000);
    const latest = (
      await importOrders([
        shopifyOrder(5001, email, clock.now().toISOString(), { fulfillment_status: "fulfilled" }),
      ])
    ).json();
    expect(latest).toMatchObject({ updated: 1, conflicts: [] });
  });
});
