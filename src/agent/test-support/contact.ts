import { expect } from "vitest";
import type { TestContext } from "../../../test/helpers";
import type { Reply, Shop } from "./conversation";

export type Sender = { kind: string; value: string }[];

/** One message from exactly these identities, on the REST channel under a channel name. */
export async function contact(t: TestContext, shop: Shop, sender: Sender, text: string, channel = "rest"): Promise<Reply> {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/channels/rest/messages",
    headers: shop.ws.headers,
    payload: { channel, sender, text },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Reply;
}

/** An order's status as the order system holds it, read by staff through the API. */
export async function orderStatus(t: TestContext, shop: Shop, number: string): Promise<string> {
  const response = await t.app.inject({ url: `/api/v1/orders/${number}`, headers: shop.ws.headers });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as { orders: { status: string }[] };
  const status = body.orders[0]?.status;
  if (!status) throw new Error(`order ${number} not found`);
  return status;
}

/** A customer record made by staff, with the identities given. */
export async function staffCreatesCustomer(t: TestContext, shop: Shop, identities: Sender, displayName?: string) {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/customers",
    headers: shop.ws.headers,
    payload: { identities, displayName },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as CustomerView;
}

export async function getCustomer(t: TestContext, shop: Shop, id: string) {
  const response = await t.app.inject({ url: `/api/v1/customers/${id}`, headers: shop.ws.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as CustomerView;
}

export type CustomerView = {
  id: string;
  identities: { id: string; kind: string; value: string; verificationLevel: string; verifiedMethod: string | null }[];
  verification: {
    level: string;
    identities: { identityId: string; kind: string; method: string | null; carriesToContact: boolean }[];
  };
};
