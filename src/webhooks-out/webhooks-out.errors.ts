import { notFound } from "../core/errors";

export const endpointNotFound = (id: string) =>
  notFound("WEBHOOKS_ENDPOINT_NOT_FOUND", `no webhook endpoint ${id} in this workspace`);

export const deliveryNotFound = (id: string) =>
  notFound("WEBHOOKS_DELIVERY_NOT_FOUND", `no webhook delivery ${id} in this workspace`);
