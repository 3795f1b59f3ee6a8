import { integer, jsonb, pgTable, real, text, timestamp } from "drizzle-orm/pg-core";
import type { HandoffSummary, Suggestion } from "./handoff.types";

export const handoffSummaries = pgTable("handoff_summaries", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  caseId: text().notNull(),
  version: integer().notNull(),
  summary: jsonb().$type<HandoffSummary>().notNull(),
  text: text().notNull(),
  /** What the summary was built from; an identical source is not summarised twice. */
  sourceKey: text().notNull(),
  trigger: text().notNull(),
  generatedMs: real().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});

export const agentSuggestions = pgTable("agent_suggestions", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  caseId: text().notNull(),
  messageId: text().notNull(),
  turnId: text().notNull(),
  body: text().notNull(),
  tools: jsonb().$type<Suggestion["tools"]>().notNull().default([]),
  knowledge: jsonb().$type<Suggestion["knowledge"]>().notNull().default([]),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});
