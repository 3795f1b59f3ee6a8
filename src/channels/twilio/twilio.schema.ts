import { jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { VoiceTransfer } from "./twilio.types";

export const twilioAccounts = pgTable("twilio_accounts", {
  workspaceId: text().primaryKey(),
  accountSid: text().notNull(),
  /** Signs webhooks and authenticates the outbound API; never returned by the API. */
  authToken: text().notNull(),
  phoneNumbers: jsonb().$type<string[]>().notNull().default([]),
  transfer: jsonb().$type<VoiceTransfer>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const smsDeliveries = pgTable(
  "sms_deliveries",
  {
    workspaceId: text().notNull(),
    /** The provider's sid of a reply we sent. */
    messageSid: text().notNull(),
    caseId: text().notNull(),
    messageId: text(),
    /** queued, sent, delivered, undelivered, failed… as the provider last reported it. */
    status: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.messageSid] })],
);
