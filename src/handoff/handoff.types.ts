import { z } from "zod";

/** Why a case went to a person: a fixed set analytics can count, with the detail in words beside it. */
export const ESCALATION_REASONS = [
  "customer_requested",
  "negative_sentiment",
  "repeated_failure",
  "low_confidence",
  "verification_failed",
  "sensitive_topic",
  "policy_exception",
  "complaint",
  "needs_investigation",
  "staff_escalated",
  "other",
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export const EMOTIONS = ["positive", "neutral", "frustrated", "angry"] as const;
export const FACT_KINDS = ["order", "status", "item", "amount", "date", "tracking", "eligibility", "store"] as const;

/**
 * Ids a field was built from: messages (msg_…), agent turns (turn_…), tool calls (turn_…:tool:N),
 * and for the record itself the customer (cus_…) or case (case_…). Never empty.
 */
const sources = z.array(z.string().min(3).max(100)).min(1).max(50);

export const handoffSummarySchema = z
  .strictObject({
    caseId: z.string(),
    version: z.number().int().min(1),
    generatedAt: z.string(),
    customer: z.strictObject({
      name: z.string().nullable(),
      tier: z.string(),
      verification: z.enum(["verified", "recognised", "anonymous"]),
      verificationMethod: z.string().nullable(),
      channelPath: z.string().min(1).describe('Channels in the order the customer used them, e.g. "chat → SMS → call"'),
      sources,
    }),
    need: z.strictObject({
      text: z.string().min(1).max(200).describe("What they need now, in their words where possible"),
      inTheirWords: z.boolean(),
      sources,
    }),
    verifiedFacts: z
      .array(z.strictObject({ kind: z.enum(FACT_KINDS), label: z.string(), value: z.string(), sources }))
      .max(20)
      .describe("Facts from tool results: order numbers, items, amounts, dates"),
    aiActions: z
      .array(z.strictObject({ tool: z.string(), ok: z.boolean(), outcome: z.string(), sources }))
      .max(20),
    resolution: z.strictObject({
      status: z.enum(["resolved", "partly_resolved", "not_resolved"]),
      text: z.string(),
      sources,
    }),
    escalation: z.strictObject({
      reason: z.enum(ESCALATION_REASONS),
      detail: z.string(),
      sources,
    }),
    emotion: z.strictObject({
      now: z.enum(EMOTIONS),
      trend: z.enum(["improving", "stable", "worsening"]),
      scores: z.array(z.number()).max(10),
      sources,
    }),
    openQuestions: z.array(z.strictObject({ text: z.string(), sources })).max(5),
    nextStep: z.strictObject({ text: z.string().min(1), sources }),
    text: z.string().min(1).describe("The summary as a person reads it, at most 90 words"),
    wordCount: z.number().int().min(1).max(90),
    /** Which engine worded `text`: the built-in renderer, or a language model that passed the fact check. */
    wordedBy: z.enum(["builtin", "llm"]),
  })
  .meta({ id: "HandoffSummary" });

export type HandoffSummary = z.infer<typeof handoffSummarySchema>;

export type StoredSummary = {
  id: string;
  caseId: string;
  version: number;
  summary: HandoffSummary;
  trigger: string;
  generatedMs: number;
  createdAt: Date;
};

export type Suggestion = {
  id: string;
  caseId: string;
  messageId: string;
  turnId: string;
  body: string;
  tools: { name: string; ok: boolean; summary: string }[];
  knowledge: { entryId: string; version: number; title?: string }[];
  createdAt: Date;
};

/** At most this many words: readable in about 30 seconds at 175 words a minute. */
export const SUMMARY_WORD_LIMIT = 90;
