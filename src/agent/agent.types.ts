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
  "draft_for_agent",
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
  /** The case was waiting for a person and the AI answered this question fully on its own. */
  answeredWhileWaiting?: boolean;
  /**
   * Whether the contact that sent this turn's message had proven itself, which can differ from the
   * customer record: a caller ID or a typed email is recognised, never verified.
   */
  contactVerified?: boolean;
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

/**
 * The team's side of an escalated case, as the agent sees it: the handoff summary and the queue
 * live behind it (src/handoff). The agent tells it when a case escalates or changes, asks what to
 * tell a waiting customer, and leaves drafts for the person holding a case.
 */
export type EscalationDesk = {
  /** The case was just handed over: summarise it and queue it. Returns what to tell the customer about the wait. */
  escalated(input: {
    workspaceId: string;
    caseId: string;
    reason: string;
    sentiment: number;
    frustration: number;
  }): Promise<{ notice: string | null }>;
  /** Whether a person holds the case now, and what to tell a customer still waiting. */
  standing(
    workspaceId: string,
    caseId: string,
    channel: string,
  ): Promise<{ withPerson: boolean; notice: string | null }>;
  /** Something new happened on an escalated case: the summary is rebuilt. */
  changed(workspaceId: string, caseId: string, trigger: string): Promise<void>;
  /** A reply the AI drafted for the person holding the case; never sent to the customer. */
  suggest(input: {
    workspaceId: string;
    caseId: string;
    messageId: string;
    turnId: string;
    body: string;
    tools: ToolCallRecord[];
    knowledge: KnowledgeUse[];
    at: Date;
  }): Promise<void>;
};
