import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { IdentityKind, MergeMovedIds, VerificationLevel } from "./customers.types";

export const customers = pgTable("customers", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  displayName: text(),
  tier: text().notNull().default("standard"),
  locale: text(),
  attributes: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  mergedIntoId: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const customerIdentities = pgTable("customer_identities", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  customerId: text().notNull(),
  kind: text().$type<IdentityKind>().notNull(),
  system: text().notNull().default(""),
  /** Normalised: lower-case email, E.164 phone, trimmed ids. */
  value: text().notNull(),
  verificationLevel: text().$type<VerificationLevel>().notNull().default("recognised"),
  verifiedAt: timestamp({ withTimezone: true }),
  verifiedMethod: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const customerMerges = pgTable("customer_merges", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  survivorId: text().notNull(),
  mergedId: text().notNull(),
  actor: text().notNull(),
  reason: text().notNull(),
  moved: jsonb().$type<Record<string, number>>().notNull(),
  /** What moved, by id, so that the merge can be reverted exactly. */
  movedIds: jsonb().$type<MergeMovedIds>().notNull().default({}),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  revertedAt: timestamp({ withTimezone: true }),
  revertedBy: text(),
});

export const mergeProposals = pgTable("merge_proposals", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  customerId: text().notNull(),
  otherCustomerId: text().notNull(),
  identityKind: text().notNull(),
  identityValue: text().notNull(),
  source: text().notNull(),
  status: text().$type<"open" | "accepted" | "dismissed">().notNull().default("open"),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  decidedAt: timestamp({ withTimezone: true }),
});
