import type { Customer } from "../../customers";
import type { Understanding } from "../nlu";
import type {
  AgentDecision,
  KnowledgeUse,
  MessageContext,
  ToolCallRecord,
} from "../agent.types";
import type { ToolResult } from "../tools/tool";
import type { PolicySource } from "../../policies";

/** An action waiting for the customer's yes: nothing changes before they confirm. */
export type PendingConfirmation = {
  kind: "confirm";
  tool: string;
  args: Record<string, unknown>;
  intent: string;
  /** What the customer is agreeing to, as it was put to them. */
  summary: string;
  /** The order's currency, for the amounts in the reply once it is done. */
  currency?: string;
};

/** A question the agent asked; the next message is read as its answer first. */
export type PendingSlot = {
  kind: "slot";
  intent: string;
  need: "order_number" | "verification" | "store" | "product" | "address" | "location";
};

export type DialogueState = {
  version: 1;
  pending?: PendingConfirmation | PendingSlot;
  lastIntent?: string;
  /** Order numbers the conversation has mentioned or listed, most recent last. */
  orders: string[];
  order?: string;
  product?: { id: string; name: string };
  variant?: { size?: string; colour?: string };
  store?: { id: string; name: string };
  date?: string;
  /** Needs that failed, by intent; two failures of the same need escalate. */
  failures: Record<string, number>;
  /** Consecutive turns understood with low confidence. */
  lowConfidence: number;
  /** Sentiment scores of the customer's messages, oldest first (last 10). */
  sentiment: number[];
  /** Set after a failed verification attempt so the next failure hands over. */
  verificationFailures: number;
  /** Address a pending change will use, captured from the customer's message. */
  newAddress?: string;
};

export const initialDialogueState = (): DialogueState => ({
  version: 1,
  orders: [],
  failures: {},
  lowConfidence: 0,
  sentiment: [],
  verificationFailures: 0,
});

/** Lines of a reply; `detail` lines are dropped on concise channels (SMS, voice, mobile). */
export type ReplyLine = { text: string; detail?: boolean };

export type ReplyPlan = {
  decision: AgentDecision;
  reason: string;
  lines: ReplyLine[];
  escalate?: { reason: string; priority: "normal" | "high" | "urgent" };
  /** The need was not met (not found, unavailable, refused); two failures of one need escalate. */
  failed?: boolean;
  /** Facts the reply may state; the language-model engine's wording is checked against them. */
  facts: string[];
};

export type KnowledgePassage = {
  entryId: string;
  version: number;
  title: string;
  snippet: string;
  score: number;
  kind: string;
};

/** The knowledge base as the agent uses it: search returns passages in force now. */
export type AgentKnowledge = {
  search(
    workspaceId: string,
    query: string,
    options?: { kinds?: string[]; at?: Date; limit?: number },
  ): Promise<KnowledgePassage[]>;
};

/** Checks order number + postal code against the order system; returns the order's owner when they match. */
export type OrderVerifier = {
  verifyOrderPostcode(
    workspaceId: string,
    orderNumber: string,
    postalCode: string,
  ): Promise<{ customerId: string | null; email: string | null } | null>;
};

/** What one turn works with; the dialogue code reads the world only through this. */
export type TurnContext = {
  workspaceId: string;
  caseId: string;
  channel: string;
  customer: Customer;
  verified: boolean;
  text: string;
  understanding: Understanding;
  resolved: Record<string, string>;
  context: MessageContext;
  state: DialogueState;
  now: Date;
  /** Runs a tool for this case's customer and records the call. */
  call<T = unknown>(name: string, args: Record<string, unknown>): Promise<ToolResult<T>>;
  hasTool(name: string): boolean;
  searchKnowledge(query: string, kinds?: string[]): Promise<KnowledgePassage[]>;
  /** Verifies the case's customer by order number + postal code; true when it worked. */
  verifyByOrder(orderNumber: string, postalCode: string): Promise<boolean>;
  policies: PolicySource;
  toolCalls: ToolCallRecord[];
  knowledgeUsed: KnowledgeUse[];
};
