import { integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const verificationFailures = pgTable(
  "verification_failures",
  {
    workspaceId: text().notNull(),
    subjectKind: text().$type<"identity" | "order">().notNull(),
    /** SHA-256 of the subject's value: the table names no order or identity. */
    subject: text().notNull(),
    failures: integer().notNull(),
    windowStartedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.subjectKind, table.subject] })],
);

export const oneTimeCodes = pgTable("one_time_codes", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  customerId: text().notNull(),
  /** The email or phone on file the code went to. */
  identityId: text().notNull(),
  caseId: text(),
  channel: text().$type<"email" | "sms">().notNull(),
  /** HMAC-SHA256 of the code keyed by the code's id; the code itself is never stored. */
  codeHash: text().notNull(),
  attempts: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  consumedAt: timestamp({ withTimezone: true }),
  supersededAt: timestamp({ withTimezone: true }),
});

export const verificationDeliveries = pgTable("verification_deliveries", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  kind: text().$type<"email.send" | "sms.send">().notNull(),
  key: text().notNull(),
  payload: jsonb().$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});
