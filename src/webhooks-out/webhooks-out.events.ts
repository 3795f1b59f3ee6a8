import type { DomainEvent } from "../core/events";

/** Event types an endpoint can subscribe to; the names receivers see in `type`. */
export const OUTBOUND_EVENT_TYPES = [
  "message.received",
  "case.opened",
  "case.escalated",
  "case.resolved",
  "order.action_requested",
  "order.action_performed",
  "knowledge.published",
] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

export type OutboundEvent = { type: OutboundEventType; data: Record<string, unknown> };

/**
 * Which in-process domain events leave as webhooks, and in what shape. Payloads carry ids, not
 * message text or contact details: the receiver reads what it needs through the API. Order
 * actions are not listed: they are published in the action's own transaction.
 */
export function toOutboundEvent(event: DomainEvent): OutboundEvent | null {
  const payload = event.payload;
  switch (event.name) {
    case "message.received":
      return {
        type: "message.received",
        data: { caseId: payload.caseId, messageId: payload.messageId, channel: payload.channel },
      };
    case "case.created":
      return { type: "case.opened", data: { caseId: payload.caseId } };
    case "case.updated": {
      // Both the agent's and staff's escalations go through a case update with the new status.
      const patch = (payload.patch ?? {}) as Record<string, unknown>;
      if (patch.status !== "escalated" && patch.status !== "resolved") return null;
      return {
        type: patch.status === "escalated" ? "case.escalated" : "case.resolved",
        data: {
          caseId: payload.caseId,
          status: patch.status,
          ...(patch.priority ? { priority: patch.priority } : {}),
        },
      };
    }
    case "knowledge.published":
      return { type: "knowledge.published", data: { ...payload } };
    default:
      return null;
  }
}
