import { boolean, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  url: text().notNull(),
  description: text().notNull().default(""),
  /** Outbound event types this endpoint receives (see OUTBOUND_EVENT_TYPES). */
  eventTypes: text().array().notNull(),
  /** `whsec_<base64 key>`: sensitive, returned once at creation or rotation, never logged. */
  secret: text().notNull(),
  enabled: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});
