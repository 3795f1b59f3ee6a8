import { bigserial, boolean, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { DialogueState } from "./dialogue/dialogue.types";
import type { KnowledgeUse, ToolCallRecord, TurnNotes, UnderstandingRecord } from "./agent.types";

export const agentTurns = pgTable("agent_turns", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  caseId: text().notNull(),
  customerId: text().notNull(),
  messageId: text().notNull(),
  replyMessageId: text(),
  channel: text().notNull(),
  engine: text().notNull(),
  understanding: jsonb().$type<UnderstandingRecord>().notNull(),
  decision: text().notNull(),
  reason: text().notNull(),
  tools: jsonb().$type<ToolCallRecord[]>().notNull().default([]),
  knowledge: jsonb().$type<KnowledgeUse[]>().notNull().default([]),
  reply: text().notNull(),
  escalated: boolean().notNull().default(false),
  notes: jsonb().$type<TurnNotes>().notNull().default({}),
  latencyMs: integer().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  seq: bigserial({ mode: "number" }).notNull(),
});

export const agentStates = pgTable("agent_states", {
  caseId: text().primaryKey(),
  workspaceId: text().notNull(),
  state: jsonb().$type<DialogueState>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
