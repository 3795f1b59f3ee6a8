export { createOutboundWebhooks, WEBHOOK_EFFECT_KIND, type OutboundWebhooks } from "./webhooks-out.service";
export { OUTBOUND_EVENT_TYPES, type OutboundEventType, type OutboundEvent } from "./webhooks-out.events";
export { webhooksOutRoutes } from "./webhooks-out.routes";
export type { WebhookEndpoint, WebhookDelivery } from "./webhooks-out.types";
