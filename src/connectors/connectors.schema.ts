import { jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { HttpConnectorConfig } from "./http/http.config";

export const connectorSettings = pgTable("connector_settings", {
  workspaceId: text().primaryKey(),
  kind: text().$type<"builtin" | "http">().notNull().default("builtin"),
  http: jsonb().$type<HttpConnectorConfig>(),
  /** HMAC key for change webhooks: sensitive, returned once when rotated, never logged. */
  webhookSecret: text(),
  webhookSecretCreatedAt: timestamp({ withTimezone: true }),
  /** The secret before the last rotation: still accepted until it expires (the overlap window). */
  previousWebhookSecret: text(),
  previousWebhookSecretExpiresAt: timestamp({ withTimezone: true }),
  /** The Shopify app's client secret: verifies X-Shopify-Hmac-Sha256. Sensitive, never returned. */
  shopifyWebhookSecret: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const connectorWebhookEvents = pgTable(
  "connector_webhook_events",
  {
    workspaceId: text().notNull(),
    eventId: text().notNull(),
    signature: text().notNull(),
    eventType: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.eventId] })],
);
