/** The API's shapes, as far as the workspace reads them (dates arrive as ISO strings). */

export type Case = {
  id: string;
  customerId: string;
  status: "open" | "pending" | "escalated" | "resolved";
  subject: string | null;
  topic: string | null;
  intent: string | null;
  orderRef: string | null;
  assigneeId: string | null;
  priority: "low" | "normal" | "high" | "urgent";
  originChannel: string;
  channels: string[];
  createdAt: string;
  lastActivityAt: string;
};

export type QueueItem = {
  id: string;
  caseId: string;
  queueId: string;
  status: "queued" | "assigned" | "closed";
  channel: string;
  priorityScore: number;
  assigneeId: string | null;
  enqueuedAt: string;
  answeredAt: string | null;
  slaDueAt: string;
  slaBreachedAt: string | null;
};

export type Queue = {
  id: string;
  name: string;
  skills: string[];
  openNow: boolean;
  waiting: number;
  assigned: number;
  breached: number;
};

export type RoutingAgent = {
  userId: string;
  name?: string;
  presence: "online" | "away" | "offline";
  skills: string[];
  load: { channel: string; capacity: number; open: number }[];
};

export type Identity = {
  id: string;
  kind: string;
  value: string;
  verificationLevel: "anonymous" | "recognised" | "verified";
  verifiedMethod: string | null;
};

export type Customer = {
  id: string;
  displayName: string | null;
  tier: string;
  identities: Identity[];
  verification: { level: "anonymous" | "recognised" | "verified"; method: string | null };
};

export type Message = {
  id: string;
  direction: "inbound" | "outbound" | "internal";
  authorKind: "customer" | "ai" | "agent" | "system";
  channel: string;
  body: string;
  createdAt: string;
};

export type TimelineEvent = {
  id: string;
  kind: string;
  channel: string | null;
  summary: string;
  caseId: string | null;
  occurredAt: string;
};

export type Sourced = { sources: string[] };

export type HandoffSummary = {
  customer: { name: string | null; tier: string; verification: string; channelPath: string };
  need: { text: string };
  verifiedFacts: { kind: string; label: string; value: string }[];
  aiActions: { tool: string; ok: boolean; outcome: string }[];
  resolution: { status: string; text: string };
  escalation: { reason: string; detail: string };
  emotion: { now: string; trend: string };
  openQuestions: { text: string }[];
  nextStep: { text: string };
  text: string;
  wordCount: number;
};

export type Suggestion = {
  id: string;
  body: string;
  tools: { name: string; ok: boolean; summary: string }[];
  knowledge: { entryId: string; version: number; title?: string }[];
  createdAt: string;
};

export type AgentTurn = {
  id: string;
  decision: string;
  knowledge: { entryId: string; version: number; title?: string }[];
  tools: Record<string, unknown>[];
};

export type OrderView = {
  number: string;
  status: string;
  statusText: string;
  placedAt?: string;
  currency: string;
  totals?: { total?: number };
  trackingNumbers: string[];
};
