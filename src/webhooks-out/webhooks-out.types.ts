import type { EffectStatus } from "../outbox";
import type { OutboundEventType } from "./webhooks-out.events";

export type WebhookEndpoint = {
  id: string;
  url: string;
  description: string;
  eventTypes: OutboundEventType[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type WebhookEndpointInput = {
  url: string;
  eventTypes: OutboundEventType[];
  description?: string;
  enabled?: boolean;
};

/** One event for one endpoint; its id is the `webhook-id` header, stable across retries and replays. */
export type WebhookDelivery = {
  id: string;
  endpointId: string;
  type: string;
  status: EffectStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
};
