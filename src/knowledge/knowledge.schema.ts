import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { EntryKind, KnowledgeScope, PolicyType, VersionStatus } from "./knowledge.types";

export const kbEntries = pgTable("kb_entries", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  kind: text().$type<EntryKind>().notNull(),
  slug: text().notNull(),
  policyType: text().$type<PolicyType>(),
  createdBy: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

/** The generated `search` tsvector column is not mapped: queries name it in SQL. */
export const kbVersions = pgTable("kb_versions", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  entryId: text().notNull(),
  version: integer().notNull(),
  status: text().$type<VersionStatus>().notNull(),
  title: text().notNull(),
  /** Markdown as written; never rendered unescaped. */
  body: text().notNull(),
  /** Plain text derived from `body`; what search indexes and snippets quote. */
  bodyText: text().notNull(),
  category: text(),
  /** Empty means every channel. */
  channels: text().array().notNull().default([]),
  locale: text().notNull().default("en"),
  scope: jsonb().$type<KnowledgeScope>().notNull(),
  params: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  effectiveFrom: timestamp({ withTimezone: true }),
  effectiveTo: timestamp({ withTimezone: true }),
  author: text().notNull(),
  changeNote: text().notNull().default(""),
  /** Latest published version when the draft was started; publishing refuses if it moved. */
  basedOnVersion: integer(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
  submittedAt: timestamp({ withTimezone: true }),
  publishedAt: timestamp({ withTimezone: true }),
  publishedBy: text(),
  supersededAt: timestamp({ withTimezone: true }),
  archivedAt: timestamp({ withTimezone: true }),
});
