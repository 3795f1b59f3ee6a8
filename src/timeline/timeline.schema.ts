import { bigserial, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const timelineEvents = pgTable("timeline_events", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  customerId: text().notNull(),
  caseId: text(),
  /** `noun.past_verb`, e.g. message.received, case.escalated, tool.called, page.viewed */
  kind: text().notNull(),
  channel: text(),
  /** The id of the row the event is about (message, case, order…). */
  refId: text(),
  summary: text().notNull(),
  data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  occurredAt: timestamp({ withTimezone: true }).notNull(),
  seq: bigserial({ mode: "number" }).notNull(),
});
