import type { ConversationProof, Customer } from "../../customers";
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
  /** `item`: which line of the order in hand (a return that named two alike). */
  need: "order_number" | "verification" | "code" | "store" | "product" | "address" | "location" | "item";
};

/** Something the agent offered ("start a return instead?"); a yes takes it up. */
export type PendingOffer = {
  kind: "offer";
  intent: string;
  orderNumber?: string;
};

/** Concrete readings the agent offered when it was unsure; the answer picks one by number or words. */
export type PendingChoice = {
  kind: "choice";
  options: string[];
};

export type DialogueState = {
  version: 1;
  pending?: PendingConfirmation | PendingSlot | PendingOffer | PendingChoice;
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
  /** Address a pending change will use, as the customer wrote it (kept across a verification step). */
  newAddress?: string;
  /** The shopper's return request as written, kept across a verification step to know which items it names. */
  returnRequest?: string;
  /** Proof given in this case; it covers only the session it was given from (see docs/agent.md). */
  proof?: ConversationProof;
  /**
   * The order the case is about, held back while an unproven contact writes: never read to it,
   * back in hand once it proves itself (so nobody is asked again which order it was).
   */
  heldOrder?: string;
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
  /** An offer the reply makes ("I can pass it to our team"); the next "yes" takes it up. */
  offer?: { intent: string; orderNumber?: string };
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

/** What checking order number + postal code came to; a mismatch never says which detail was wrong. */
export type OrderProofOutcome = "verified" | "mismatch" | "limited" | "needs_staff";

/** One-time codes as the dialogue uses them: to the email or phone on file, never a typed one. */
export type TurnCodes = {
  /** Where a code would go, as a reply may name it ("the phone number ending 56"); null when nowhere. */
  target: { medium: "email" | "sms"; maskedTo: string } | null;
  send(): Promise<{ status: "sent"; maskedTo: string } | { status: "too_many_sends" } | { status: "no_destination" }>;
  /** A valid code proves this contact; the turn continues verified. */
  check(code: string): Promise<
    | { status: "valid" }
    | { status: "wrong"; attemptsLeft: number }
    | { status: "expired" }
    | { status: "used_up" }
    | { status: "none" }
  >;
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
  /** Verifies this contact by order number + postal code (and links a guest to the order's customer). */
  verifyByOrder(orderNumber: string, postalCode: string): Promise<OrderProofOutcome>;
  /** One-time codes; absent where none can be sent. */
  codes?: TurnCodes;
  policies: PolicySource;
  toolCalls: ToolCallRecord[];
  knowledgeUsed: KnowledgeUse[];
};
