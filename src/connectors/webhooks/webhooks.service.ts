import type { Clock } from "../../core/clock";
import { invalid } from "../../core/errors";
import type { EventBus } from "../../core/events";
import type { Db } from "../../db/client";
import { shopifyNotConfigured, webhookNotConfigured, webhookReplayed, webhookSignatureInvalid } from "../connectors.errors";
import { connectorsRepository } from "../connectors.repository";
import { IMPORT_KIND_SPECS } from "../import/import-kinds";
import { SHOPIFY_HMAC_HEADER, verifyShopifyHmac } from "./shopify-hmac";
import { verifyWebhookSignature } from "./webhook-signature";

/** Event ids are kept a day: far beyond the 5-minute signature tolerance, so a replay is always caught. */
const EVENT_RETENTION_MS = 24 * 3_600_000;

export const WEBHOOK_EVENT_TYPES = ["order.updated", "inventory.updated", "store.updated"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const SPEC_BY_TYPE = {
  "order.updated": IMPORT_KIND_SPECS.orders,
  "inventory.updated": IMPORT_KIND_SPECS.inventory,
  "store.updated": IMPORT_KIND_SPECS.stores,
} as const;

export type WebhooksService = ReturnType<typeof createWebhooksService>;

/**
 * Change webhooks that keep the built-in connector live. The raw body is verified against the
 * workspace's secret before it is parsed; the event id and signature are stored with the change
 * in one transaction, so a replay is refused and a rejected change can be resent.
 */
export function createWebhooksService(deps: { db: Db; clock: Clock; events: EventBus }) {
  return {
    async receive(workspaceId: string, signature: string | undefined, rawBody: string) {
      const now = deps.clock.now();
      const repo = connectorsRepository(deps.db);
      const settings = await repo.getSettings(workspaceId);
      if (!settings?.webhookSecret) throw webhookNotConfigured();
      let check = verifyWebhookSignature(settings.webhookSecret, signature, rawBody, now);
      // Within the rotation overlap, a sender still on the previous secret is accepted.
      if (!check.ok && settings.previousWebhookSecret && (settings.previousWebhookSecretExpiresAt ?? now) > now) {
        const previous = verifyWebhookSignature(settings.previousWebhookSecret, signature, rawBody, now);
        if (previous.ok) check = previous;
      }
      if (!check.ok) throw webhookSignatureInvalid(check.reason);

      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        throw invalid("BODY_INVALID_JSON", "body", "request body is not valid JSON");
      }
      const event = body as { id?: unknown; type?: unknown; data?: unknown };
      if (typeof event.id !== "string" || event.id.length === 0 || event.id.length > 200) {
        throw invalid("CONNECTORS_WEBHOOK_INVALID", "id", "id: a unique event id (string, ≤200 chars) is required");
      }
      if (!WEBHOOK_EVENT_TYPES.includes(event.type as WebhookEventType)) {
        throw invalid("CONNECTORS_WEBHOOK_INVALID", "type", `type: must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}`);
      }
      const type = event.type as WebhookEventType;
      const spec = SPEC_BY_TYPE[type];
      const items = type === "inventory.updated" && Array.isArray(event.data) ? event.data : [event.data];
      if (items.length === 0 || items.length > 1000) {
        throw invalid("CONNECTORS_WEBHOOK_INVALID", "data", "data: 1 to 1000 records");
      }
      const records = items.map((item, index) => {
        const parsed = spec.schema.safeParse(item);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const path = ["data", ...(items.length > 1 ? [index] : []), ...(issue?.path ?? [])].join(".");
          throw invalid("CONNECTORS_WEBHOOK_INVALID", path, `${path}: ${issue?.message ?? "invalid"}`);
        }
        return parsed.data;
      });

      const counts = await deps.db.transaction(async (tx) => {
        const txRepo = connectorsRepository(tx);
        const fresh = await txRepo.recordWebhookEvent({
          workspaceId,
          eventId: event.id as string,
          signature: check.digest,
          eventType: type,
          receivedAt: now,
        });
        if (!fresh) throw webhookReplayed();
        return spec.write(tx, workspaceId, records, now);
      });
      await repo.pruneWebhookEvents(workspaceId, new Date(now.getTime() - EVENT_RETENTION_MS));
      deps.events.emit({ name: "retail.data_changed", workspaceId, occurredAt: now, payload: { type, eventId: event.id, ...counts } });
      return { eventId: event.id as string, type, ...counts };
    },

    /**
     * Shopify's own order webhooks (orders/create, orders/updated, orders/cancelled, …), mapped
     * like a Shopify order export. The HMAC over the raw bytes is checked before parsing. Shopify
     * resends an unacknowledged webhook under the same X-Shopify-Webhook-Id: a repeat is answered
     * 200 without applying it again, so Shopify stops retrying.
     */
    async receiveShopify(
      workspaceId: string,
      headers: { hmac?: string; topic?: string; webhookId?: string },
      rawBody: Buffer,
    ): Promise<ShopifyWebhookResult> {
      const now = deps.clock.now();
      const settings = await connectorsRepository(deps.db).getSettings(workspaceId);
      if (!settings?.shopifyWebhookSecret) throw shopifyNotConfigured();
      if (!verifyShopifyHmac(settings.shopifyWebhookSecret, headers.hmac, rawBody)) {
        throw webhookSignatureInvalid(`${SHOPIFY_HMAC_HEADER} does not match the body`);
      }
      const webhookId = headers.webhookId?.trim();
      if (!webhookId || webhookId.length > 200) {
        throw invalid("CONNECTORS_WEBHOOK_INVALID", "x-shopify-webhook-id", "x-shopify-webhook-id header is required");
      }
      const topic = headers.topic?.trim() ?? "";
      if (!SHOPIFY_ORDER_TOPICS.includes(topic as ShopifyOrderTopic)) {
        // Acknowledged so Shopify does not retry a subscription this endpoint does not act on.
        return { webhookId, topic, applied: false, duplicate: false, ignored: true, inserted: 0, updated: 0, unchanged: 0 };
      }
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString("utf8"));
      } catch {
        throw invalid("BODY_INVALID_JSON", "body", "request body is not valid JSON");
      }
      const spec = IMPORT_KIND_SPECS["shopify-orders"];
      const parsed = spec.schema.safeParse(spec.adapt(body, "json"));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const path = issue?.path.join(".") || "body";
        throw invalid("CONNECTORS_WEBHOOK_INVALID", path, `${path}: ${issue?.message ?? "invalid"}`);
      }
      const outcome = await deps.db.transaction(async (tx) => {
        const fresh = await connectorsRepository(tx).recordWebhookEvent({
          workspaceId,
          eventId: `shopify:${webhookId}`,
          signature: headers.hmac ?? "",
          eventType: topic,
          receivedAt: now,
        });
        if (!fresh) return null;
        return spec.write(tx, workspaceId, [parsed.data], now);
      });
      if (!outcome) {
        return { webhookId, topic, applied: false, duplicate: true, ignored: false, inserted: 0, updated: 0, unchanged: 0 };
      }
      deps.events.emit({ name: "retail.data_changed", workspaceId, occurredAt: now, payload: { type: "order.updated", eventId: webhookId, ...outcome } });
      return { webhookId, topic, applied: outcome.inserted + outcome.updated > 0, duplicate: false, ignored: false, ...outcome };
    },
  };
}

export const SHOPIFY_ORDER_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "orders/paid",
] as const;
type ShopifyOrderTopic = (typeof SHOPIFY_ORDER_TOPICS)[number];

export type ShopifyWebhookResult = {
  webhookId: string;
  topic: string;
  /** The order was written (new or changed). */
  applied: boolean;
  /** This webhook id was received before; nothing was applied again. */
  duplicate: boolean;
  /** A topic this endpoint does not act on. */
  ignored: boolean;
  inserted: number;
  updated: number;
  unchanged: number;
  conflicts?: { key: string; reason: string }[];
};
