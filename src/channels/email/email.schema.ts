import {
  boolean,
  customType,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import type { OutboundEnvelope, OutboundStatus } from "./email.types";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  // PGlite hands back a Uint8Array, node-postgres a Buffer: one shape for callers.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const emailCaseTokens = pgTable("email_case_tokens", {
  caseId: text().primaryKey(),
  workspaceId: text().notNull(),
  /** Secret part of the reply+<token>@ address. */
  token: text().notNull(),
  /** Short code shown in subjects, unique within the workspace. */
  ref: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const emailMessageIds = pgTable(
  "email_message_ids",
  {
    workspaceId: text().notNull(),
    /** Normalised Message-ID without angle brackets, lower-cased. */
    messageIdHeader: text().notNull(),
    caseId: text().notNull(),
    direction: text().$type<"inbound" | "outbound">().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.messageIdHeader] })],
);

export const emailAttachments = pgTable("email_attachments", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  caseId: text().notNull(),
  messageExternalId: text().notNull(),
  ordinal: integer().notNull(),
  filename: text().notNull(),
  contentType: text().notNull(),
  sizeBytes: integer().notNull(),
  sha256: text().notNull(),
  /** A dangerous type: metadata kept, bytes never stored. */
  blocked: boolean().notNull().default(false),
  content: bytea(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const emailOutbound = pgTable("email_outbound", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  caseId: text().notNull(),
  messageId: text().notNull(),
  status: text().$type<OutboundStatus>().notNull(),
  envelope: jsonb().$type<OutboundEnvelope>().notNull(),
  messageIdHeader: text().notNull(),
  attempts: integer().notNull().default(0),
  nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  leaseUntil: timestamp({ withTimezone: true }),
  lastError: text(),
  sentAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
