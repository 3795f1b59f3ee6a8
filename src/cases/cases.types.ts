export const CASE_STATUSES = ["open", "pending", "escalated", "resolved"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const MESSAGE_DIRECTIONS = ["inbound", "outbound", "internal"] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const MESSAGE_AUTHOR_KINDS = ["customer", "ai", "agent", "system"] as const;
export type MessageAuthorKind = (typeof MESSAGE_AUTHOR_KINDS)[number];

export type Case = {
  id: string;
  workspaceId: string;
  customerId: string;
  status: CaseStatus;
  subject: string | null;
  topic: string | null;
  intent: string | null;
  orderRef: string | null;
  assigneeId: string | null;
  priority: CasePriority;
  originChannel: string;
  channels: string[];
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt: Date;
  resolvedAt: Date | null;
};

export type Message = {
  id: string;
  caseId: string;
  customerId: string;
  direction: MessageDirection;
  authorKind: MessageAuthorKind;
  authorId: string | null;
  channel: string;
  body: string;
  metadata: Record<string, unknown>;
  externalId: string | null;
  createdAt: Date;
};
