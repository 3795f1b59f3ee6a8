import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { CasePriority, CaseStatus, MessageAuthorKind, MessageDirection } from "./cases.types";

export const cases = pgTable("cases", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  customerId: text().notNull(),
  status: text().$type<CaseStatus>().notNull().default("open"),
  subject: text(),
  /** Coarse subject used to attach follow-ups (e.g. "order", "store"); set by the agent or staff. */
  topic: text(),
  intent: text(),
  orderRef: text(),
  assigneeId: text(),
  priority: text().$type<CasePriority>().notNull().default("normal"),
  originChannel: text().notNull(),
  channels: text().array().notNull().default([]),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastActivityAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp({ withTimezone: true }),
});

export const messages = pgTable("messages", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  caseId: text().notNull(),
  customerId: text().notNull(),
  direction: text().$type<MessageDirection>().notNull(),
  authorKind: text().$type<MessageAuthorKind>().notNull(),
  authorId: text(),
  channel: text().notNull(),
  body: text().notNull(),
  metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  externalId: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
