import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const widgetKeys = pgTable("widget_keys", {
  workspaceId: text().primaryKey(),
  /** Goes in the retailer's page: names the workspace, grants nothing by itself. */
  publicKey: text().notNull(),
  /** Stays on the retailer's server: signs shopper identity tokens (HMAC-SHA256). */
  secret: text().notNull(),
  rotatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
