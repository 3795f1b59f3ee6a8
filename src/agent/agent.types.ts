import type { Tool } from "./tools/tool";

/** The agent's decisions; the turn record names one with its reason. */
export const AGENT_DECISIONS = [
  "answer",
  "ask",
  "verify",
  "confirm",
  "act",
  "refuse",
  "escalate",
  "smalltalk",
  "out_of_scope",
  "handoff_pending",
] as const;
export type AgentDecision = (typeof AGENT_DECISIONS)[number];

export const AGENT_ENGINES = ["builtin", "llm"] as const;
export type AgentEngineName = (typeof AGENT_ENGINES)[number];

/** Tools by name; the registry from src/agent/tools or any set implementing the same contract. */
export type AgentTools = Record<string, Tool<unknown, unknown>>;

/** What a channel knows about where the customer is: the page, the device's location, the locale. */
export type MessageContext = {
  page?: { url?: string; productId?: string; sku?: string; cartId?: string };
  location?: { latitude: number; longitude: number } | { postalCode: string };
  locale?: string;
};

export type EntityRecord = { type: string; value: string; text: string };

export type UnderstandingRecord = {
  intent: string;
  confidence: number;
  secondary?: { intent: string; confidence: number };
  entities: EntityRecord[];
  sentiment: { score: number; label: string; frustration: number; urgency: number };
  sentimentTrend: "improving" | "stable" | "worsening";
  /** References resolved from context: "this" → page product, "the other order", a correction. */
  resolved: Record<string, string>;
};

export type ToolCallRecord = {
  name: string;
  args: Record<string, unknown>;
  ok: boolean;
  code?: string;
  /** One line a person can read in the handoff summary. */
  summary: string;
  /** The tool's result as returned, kept for QA's groundedness check. */
  result?: unknown;
  ms: number;
};

export type KnowledgeUse = { entryId: string; version: number; title?: string };

export type TurnNotes = {
  llm?: { attempted: boolean; used: boolean; fallbackReason?: string; ms?: number };
  /** The customer's request was read as an instruction to the assistant and ignored. */
  injectionSuspected?: boolean;
  /** Where the turn's time went, in milliseconds (ingest, understand, dialogue and tools, model). */
  timings?: Record<string, number>;
};

export type AgentTurn = {
  id: string;
  caseId: string;
  customerId: string;
  messageId: string;
  replyMessageId: string | null;
  channel: string;
  engine: AgentEngineName;
  understanding: UnderstandingRecord;
  decision: AgentDecision;
  reason: string;
  tools: ToolCallRecord[];
  knowledge: KnowledgeUse[];
  reply: string;
  escalated: boolean;
  notes: TurnNotes;
  latencyMs: number;
  createdAt: Date;
};
