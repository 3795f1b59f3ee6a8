export type TimelineEvent = {
  id: string;
  customerId: string;
  caseId: string | null;
  kind: string;
  channel: string | null;
  refId: string | null;
  summary: string;
  data: Record<string, unknown>;
  occurredAt: Date;
};

export type NewTimelineEvent = Omit<TimelineEvent, "id" | "data" | "caseId" | "channel" | "refId"> & {
  workspaceId: string;
  caseId?: string | null;
  channel?: string | null;
  refId?: string | null;
  data?: Record<string, unknown>;
};

export type TimelinePage = { events: TimelineEvent[]; nextCursor: string | null };
