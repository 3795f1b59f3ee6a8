import type { Clock } from "../core/clock";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import { withRetry } from "../db/with-retry";
import { queueNameTaken, queueNotFound } from "./routing.errors";
import { routingRepository, type QueueRow } from "./routing.repository";
import type { HolidayException, Queue, WeeklyHours, WorkChannel } from "./routing.types";

export type QueueInput = {
  name: string;
  skills?: string[];
  channels?: WorkChannel[];
  languages?: string[];
  timezone?: string;
  hours?: WeeklyHours;
  holidays?: HolidayException[];
  slaSeconds?: number;
  afterHoursChannel?: string | null;
  isDefault?: boolean;
};

export const toQueue = (row: QueueRow): Queue => ({
  id: row.id,
  name: row.name,
  skills: row.skills,
  channels: row.channels,
  languages: row.languages,
  timezone: row.timezone,
  hours: row.hours,
  holidays: row.holidays,
  slaSeconds: row.slaSeconds,
  afterHoursChannel: row.afterHoursChannel,
  isDefault: row.isDefault,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** The queue every workspace gets when it has none: every skill, channel and language, always open. */
const GENERAL_QUEUE = { name: "General", skills: ["general"], slaSeconds: 900 } as const;

export type QueueDirectory = ReturnType<typeof createQueueDirectory>;

/** Queues of a workspace: created and changed by leads, read on every routing decision. */
export function createQueueDirectory(deps: { db: Db; clock: Clock; defaultTimezone(workspaceId: string): Promise<string> }) {
  const { db, clock } = deps;

  async function insert(workspaceId: string, input: QueueInput): Promise<Queue> {
    const now = clock.now();
    const id = newId("queue", now.getTime());
    // Read before the transaction: the embedded database has one connection, held by it.
    const timezone = input.timezone ?? (await deps.defaultTimezone(workspaceId));
    return withRetry(() =>
      db.transaction(async (tx) => {
        const repo = routingRepository(tx);
        // Only one default per workspace: the newest claim wins.
        if (input.isDefault) await repo.clearDefault(workspaceId, id);
        const row = await repo.insertQueue({
          id,
          workspaceId,
          name: input.name,
          skills: input.skills ?? [],
          channels: input.channels ?? [],
          languages: input.languages ?? [],
          timezone,
          hours: input.hours ?? {},
          holidays: input.holidays ?? [],
          slaSeconds: input.slaSeconds ?? 900,
          afterHoursChannel: input.afterHoursChannel ?? null,
          isDefault: input.isDefault ?? false,
          createdAt: now,
          updatedAt: now,
        });
        if (!row) throw queueNameTaken();
        return toQueue(row);
      }),
    );
  }

  return {
    async list(workspaceId: string, db_: Db = db): Promise<Queue[]> {
      return (await routingRepository(db_).listQueues(workspaceId)).map(toQueue);
    },

    async get(workspaceId: string, id: string): Promise<Queue> {
      const row = await routingRepository(db).findQueue(workspaceId, id);
      if (!row) throw queueNotFound();
      return toQueue(row);
    },

    create: insert,

    async update(workspaceId: string, id: string, patch: Partial<QueueInput>): Promise<Queue> {
      return db.transaction(async (tx) => {
        const repo = routingRepository(tx);
        if (patch.isDefault) await repo.clearDefault(workspaceId, id);
        try {
          const row = await repo.updateQueue(workspaceId, id, { ...patch, updatedAt: clock.now() });
          if (!row) throw queueNotFound();
          return toQueue(row);
        } catch (error) {
          if ((error as { code?: string; cause?: { code?: string } }).code === "23505" ||
            (error as { cause?: { code?: string } }).cause?.code === "23505") {
            throw queueNameTaken();
          }
          throw error;
        }
      });
    },

    /** The workspace's queues, creating the general default queue the first time a case needs one. */
    async ensureAny(workspaceId: string): Promise<Queue[]> {
      const existing = await this.list(workspaceId);
      if (existing.length) return existing;
      try {
        await insert(workspaceId, { ...GENERAL_QUEUE, skills: [...GENERAL_QUEUE.skills], isDefault: true });
      } catch (error) {
        // Another request created it at the same moment.
        if ((error as { code?: string }).code !== "ROUTING_QUEUE_NAME_TAKEN") throw error;
      }
      return this.list(workspaceId);
    },
  };
}
