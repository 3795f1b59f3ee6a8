import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type {
  HolidayException,
  ItemStatus,
  Presence,
  PriorityFactors,
  WeeklyHours,
  WorkChannel,
} from "./routing.types";

export const routingQueues = pgTable("routing_queues", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  name: text().notNull(),
  skills: text().array().notNull().default([]),
  channels: text().array().$type<WorkChannel[]>().notNull().default([]),
  languages: text().array().notNull().default([]),
  timezone: text().notNull(),
  hours: jsonb().$type<WeeklyHours>().notNull().default({}),
  holidays: jsonb().$type<HolidayException[]>().notNull().default([]),
  slaSeconds: integer().notNull(),
  afterHoursChannel: text(),
  isDefault: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const routingAgents = pgTable(
  "routing_agents",
  {
    workspaceId: text().notNull(),
    userId: text().notNull(),
    presence: text().$type<Presence>().notNull().default("offline"),
    skills: text().array().notNull(),
    languages: text().array().notNull(),
    presenceChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastAssignedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

export const routingAgentLoad = pgTable(
  "routing_agent_load",
  {
    workspaceId: text().notNull(),
    userId: text().notNull(),
    channel: text().$type<WorkChannel>().notNull(),
    capacity: integer().notNull(),
    open: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId, t.channel] })],
);

export const routingItems = pgTable("routing_items", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  caseId: text().notNull(),
  queueId: text().notNull(),
  status: text().$type<ItemStatus>().notNull(),
  channel: text().$type<WorkChannel>().notNull(),
  skill: text().notNull(),
  language: text().notNull(),
  priorityScore: integer().notNull(),
  priorityFactors: jsonb().$type<PriorityFactors>().notNull(),
  assigneeId: text(),
  enqueuedAt: timestamp({ withTimezone: true }).notNull(),
  assignedAt: timestamp({ withTimezone: true }),
  answeredAt: timestamp({ withTimezone: true }),
  slaDueAt: timestamp({ withTimezone: true }).notNull(),
  slaBreachedAt: timestamp({ withTimezone: true }),
  closedAt: timestamp({ withTimezone: true }),
  closeReason: text(),
  revision: integer().notNull().default(1),
});

export const routingTransfers = pgTable("routing_transfers", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  caseId: text().notNull(),
  itemId: text().notNull(),
  fromQueueId: text(),
  toQueueId: text(),
  fromAgentId: text(),
  toAgentId: text(),
  reason: text(),
  actorId: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});
