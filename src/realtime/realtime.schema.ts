import { bigint, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const realtimeConversations = pgTable("realtime_conversations", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  channel: text().notNull(),
  /** SHA-256 of the resume token; the token itself is never stored. */
  resumeTokenHash: text().notNull(),
  /** The device identity the pipeline sees, derived from the token server-side. */
  deviceValue: text().notNull(),
  /** Hash of the signed identity this conversation belongs to; null while anonymous. */
  identityKey: text(),
  customerId: text(),
  caseId: text(),
  lastSeq: bigint({ mode: "number" }).notNull().default(0),
  /** Case messages up to this time have become events (re-read with a margin, deduplicated). */
  syncedUntil: timestamp({ withTimezone: true }),
  caseStatus: text(),
  caseAssigneeId: text(),
  customerReadSeq: bigint({ mode: "number" }).notNull().default(0),
  deviceId: text(),
  devicePlatform: text(),
  pushToken: text(),
  context: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const realtimeEvents = pgTable(
  "realtime_events",
  {
    conversationId: text().notNull(),
    seq: bigint({ mode: "number" }).notNull(),
    workspaceId: text().notNull(),
    kind: text().notNull(),
    messageId: text(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.conversationId, table.seq] })],
);
