import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const workspaces = pgTable("workspaces", {
  id: text().primaryKey(),
  slug: text().notNull(),
  name: text().notNull(),
  /** Per-workspace overrides: trust window, case recency window, order-number pattern… */
  settings: jsonb().$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
