export const PRESENCES = ["online", "away", "offline"] as const;
export type Presence = (typeof PRESENCES)[number];

/** Channels as capacity counts them: a call takes a person whole, chats share one. */
export const WORK_CHANNELS = ["chat", "email", "sms", "voice"] as const;
export type WorkChannel = (typeof WORK_CHANNELS)[number];

/** Capacity per channel for an agent nobody configured: 3 chats, 5 emails, 3 SMS threads or 1 call. */
export const DEFAULT_CAPACITY: Record<WorkChannel, number> = { chat: 3, email: 5, sms: 3, voice: 1 };

export const ITEM_STATUSES = ["queued", "assigned", "closed"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type Period = { open: string; close: string };
/** Weekly hours in the queue's zone; a period whose close is at or before its open ends the next day. */
export type WeeklyHours = Partial<Record<Weekday, Period[]>>;
export type HolidayException = { date: string; name?: string; closed?: boolean; periods?: Period[] };

export type Queue = {
  id: string;
  name: string;
  skills: string[];
  channels: WorkChannel[];
  languages: string[];
  timezone: string;
  hours: WeeklyHours;
  holidays: HolidayException[];
  slaSeconds: number;
  afterHoursChannel: string | null;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type AgentLoad = { channel: WorkChannel; capacity: number; open: number };

export type RoutingAgent = {
  userId: string;
  presence: Presence;
  skills: string[];
  languages: string[];
  load: AgentLoad[];
  presenceChangedAt: Date;
  lastAssignedAt: Date | null;
};

export type PriorityFactors = {
  tier: number;
  sentiment: number;
  repeatContact: number;
  casePriority: number;
  sla: number;
};

export type QueueItem = {
  id: string;
  caseId: string;
  queueId: string;
  status: ItemStatus;
  channel: WorkChannel;
  skill: string;
  language: string;
  priorityScore: number;
  priorityFactors: PriorityFactors;
  assigneeId: string | null;
  enqueuedAt: Date;
  assignedAt: Date | null;
  answeredAt: Date | null;
  slaDueAt: Date;
  slaBreachedAt: Date | null;
  closedAt: Date | null;
  closeReason: string | null;
};

export type Transfer = {
  id: string;
  caseId: string;
  itemId: string;
  fromQueueId: string | null;
  toQueueId: string | null;
  fromAgentId: string | null;
  toAgentId: string | null;
  reason: string | null;
  actorId: string;
  createdAt: Date;
};

/** Where a waiting case stands, told honestly to the customer. */
export type WaitStatus =
  | { state: "none" }
  | { state: "assigned"; assigneeId: string; queueId: string }
  | {
      state: "queued";
      queueId: string;
      queueName: string;
      position: number;
      /** Minutes, an estimate from recent handling times and the agents online. */
      estimatedWaitMinutes: number;
    }
  | {
      state: "closed_hours";
      queueId: string;
      queueName: string;
      position: number;
      /** The next opening; read it in `timezone`. */
      opensAt: Date;
      timezone: string;
      /** The channel a person will answer on. */
      channel: string;
    };
