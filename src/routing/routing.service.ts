import type { AssigneeDirectory, CasesService } from "../cases";
import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { newId } from "../core/ids";
import type { CustomersService } from "../customers";
import type { Db } from "../db/client";
import { withRetry } from "../db/with-retry";
import { chooseQueue } from "./lib/choose-queue";
import { priorityScore } from "./lib/priority-score";
import { queueOpenAt } from "./lib/queue-open-at";
import { routeRequirements } from "./lib/route-requirements";
import { createDispatcher } from "./routing-dispatch";
import { createQueueDirectory } from "./routing-queues";
import {
  agentNotFound,
  agentAtCapacity,
  agentOffline,
  agentUnknown,
  alreadyAssigned,
  caseNotWaiting,
  queueUnknown,
  transferTargetMissing,
  transferToSelf,
} from "./routing.errors";
import { routingRepository, type AgentRow, type ItemRow, type LoadRow, type TransferRow } from "./routing.repository";
import {
  DEFAULT_CAPACITY,
  WORK_CHANNELS,
  type Presence,
  type QueueItem,
  type RoutingAgent,
  type Transfer,
  type WaitStatus,
  type WorkChannel,
} from "./routing.types";

const WEEK_MS = 7 * 86_400_000;
/** Points an item gains when its first-reply promise is broken: it moves up, never out. */
const SLA_BREACH_BUMP = 25;
/** Handling minutes assumed before a queue has history. */
const DEFAULT_HANDLE_MINUTES = 8;
const DEFAULT_AGENT = { skills: ["general"], languages: ["en"] };

export const toItem = (row: ItemRow): QueueItem => ({
  id: row.id,
  caseId: row.caseId,
  queueId: row.queueId,
  status: row.status,
  channel: row.channel,
  skill: row.skill,
  language: row.language,
  priorityScore: row.priorityScore,
  priorityFactors: row.priorityFactors,
  assigneeId: row.assigneeId,
  enqueuedAt: row.enqueuedAt,
  assignedAt: row.assignedAt,
  answeredAt: row.answeredAt,
  slaDueAt: row.slaDueAt,
  slaBreachedAt: row.slaBreachedAt,
  closedAt: row.closedAt,
  closeReason: row.closeReason,
});

const toTransfer = (row: TransferRow): Transfer => ({ ...row });

const toAgent = (row: AgentRow, load: LoadRow[]): RoutingAgent => ({
  userId: row.userId,
  presence: row.presence,
  skills: row.skills,
  languages: row.languages,
  load: WORK_CHANNELS.map((channel) => {
    const l = load.find((x) => x.userId === row.userId && x.channel === channel);
    return { channel, capacity: l?.capacity ?? 0, open: l?.open ?? 0 };
  }),
  presenceChangedAt: row.presenceChangedAt,
  lastAssignedAt: row.lastAssignedAt,
});

export type EnqueueInput = {
  workspaceId: string;
  caseId: string;
  /** The customer's latest sentiment (-1…1) and frustration (0…1), from the turn that escalated. */
  sentiment?: number;
  frustration?: number;
  reason?: string;
};

export type RoutingService = ReturnType<typeof createRoutingService>;

export function createRoutingService(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  cases: CasesService;
  customers: CustomersService;
  staff: AssigneeDirectory;
  defaultTimezone(workspaceId: string): Promise<string>;
}) {
  const { db, clock, events, cases } = deps;
  const queues = createQueueDirectory(deps);
  const dispatcher = createDispatcher(deps);

  async function agentView(workspaceId: string, userId: string): Promise<RoutingAgent> {
    const repo = routingRepository(db);
    const row = await repo.findAgent(workspaceId, userId);
    if (!row) throw agentUnknown("userId");
    return toAgent(row, await repo.loadOf(workspaceId, [userId]));
  }

  /**
   * A staff user becomes a routing agent the first time they set presence or are configured. An
   * unknown id named in a body field is 422 on that field; named in the path (`field` null), 404.
   */
  async function ensureAgent(workspaceId: string, userId: string, field: string | null): Promise<void> {
    const repo = routingRepository(db);
    if (await repo.findAgent(workspaceId, userId)) return;
    if (!(await deps.staff.isActiveUser(workspaceId, userId))) throw field ? agentUnknown(field) : agentNotFound();
    await repo.ensureAgent(workspaceId, userId, { ...DEFAULT_AGENT, capacity: DEFAULT_CAPACITY, at: clock.now() });
  }

  async function liveItemOrFail(workspaceId: string, caseId: string): Promise<ItemRow> {
    const found = await cases.get(workspaceId, caseId);
    const item = await routingRepository(db).liveItem(workspaceId, caseId);
    if (!item || found.status !== "escalated") throw caseNotWaiting();
    return item;
  }

  /** Takes an item away from its holder (or out of the queue) and records why. */
  async function detach(
    item: ItemRow,
    patch: Partial<ItemRow>,
    holder: { status?: "open" | "escalated" | "resolved"; kind: string; summary: string; actor: string; data?: Record<string, unknown> },
    transfer?: Omit<TransferRow, "id" | "workspaceId" | "caseId" | "itemId" | "createdAt">,
  ): Promise<ItemRow | null> {
    const at = clock.now();
    return db.transaction(async (tx) => {
      const repo = routingRepository(tx);
      const row = await repo.updateLiveItem(item.workspaceId, item.id, { status: item.status, assigneeId: item.assigneeId }, patch);
      if (!row) return null;
      if (item.status === "assigned" && item.assigneeId) {
        await dispatcher.release(item.workspaceId, item.assigneeId, item.channel, tx);
      }
      if (transfer) {
        await repo.insertTransfer({
          id: newId("transfer", at.getTime()),
          workspaceId: item.workspaceId,
          caseId: item.caseId,
          itemId: item.id,
          createdAt: at,
          ...transfer,
        });
      }
      await cases.setHolder(tx, {
        workspaceId: item.workspaceId,
        caseId: item.caseId,
        assigneeId: row.status === "assigned" ? row.assigneeId : null,
        status: holder.status,
        actor: holder.actor,
        kind: holder.kind,
        summary: holder.summary,
        data: { itemId: item.id, ...holder.data },
        at,
      });
      return row;
    });
  }

  /** After a slot frees up, the former holder takes the next waiting item they can serve. */
  async function refill(workspaceId: string, userId: string | null): Promise<void> {
    if (userId) await dispatcher.fill(workspaceId, userId);
  }

  return {
    queues,

    /**
     * Puts an escalated case in the queue that serves its skill, channel and language, scored for
     * priority, and hands it straight to an eligible agent with a free slot if there is one.
     * Calling it again for a case already waiting or assigned returns the live item.
     */
    async enqueue(input: EnqueueInput): Promise<QueueItem> {
      const { workspaceId, caseId } = input;
      const repo = routingRepository(db);
      const existing = await repo.liveItem(workspaceId, caseId);
      if (existing) return toItem(existing);
      const found = await cases.get(workspaceId, caseId);
      const customer = await deps.customers.get(workspaceId, found.customerId);
      const need = routeRequirements({
        intent: found.intent,
        channel: found.channels.at(-1) ?? found.originChannel,
        locale: customer.locale,
      });
      const all = await queues.ensureAny(workspaceId);
      const chosen = chooseQueue(all, need) ?? { queue: all[0]!, skill: "general" };
      const now = clock.now();
      const recent = await cases.list(workspaceId, { customerId: customer.id, limit: 20 });
      const recentCases = recent.cases.filter(
        (c) => c.id !== caseId && now.getTime() - c.createdAt.getTime() <= WEEK_MS,
      ).length;
      const { score, factors } = priorityScore({
        tier: customer.tier,
        sentiment: input.sentiment ?? 0,
        frustration: input.frustration ?? 0,
        recentCases,
        casePriority: found.priority,
        slaSeconds: chosen.queue.slaSeconds,
      });
      // The service promise counts from the moment the queue is staffed.
      const hours = queueOpenAt(chosen.queue, now);
      const clockStarts = hours.open ? now : (hours.opensAt ?? now);
      const item = await withRetry(() =>
        db.transaction(async (tx) => {
          const inserted = await routingRepository(tx).insertItem({
            id: newId("queueItem", now.getTime()),
            workspaceId,
            caseId,
            queueId: chosen.queue.id,
            status: "queued",
            channel: need.channel,
            skill: chosen.skill,
            language: need.language,
            priorityScore: score,
            priorityFactors: factors,
            enqueuedAt: now,
            slaDueAt: new Date(clockStarts.getTime() + chosen.queue.slaSeconds * 1000),
          });
          if (!inserted) return null;
          await cases.setHolder(tx, {
            workspaceId,
            caseId,
            assigneeId: null,
            actor: "routing",
            kind: "case.queued",
            summary: `Waiting in ${chosen.queue.name}`,
            data: { itemId: inserted.id, queueId: chosen.queue.id, priority: score, reason: input.reason },
            at: now,
          });
          return inserted;
        }),
      );
      // Lost to a concurrent escalation of the same case: that one's item is the live one.
      if (!item) return toItem((await repo.liveItem(workspaceId, caseId))!);
      events.emit({
        name: "case.queued",
        workspaceId,
        occurredAt: now,
        payload: {
          caseId,
          itemId: item.id,
          queueId: item.queueId,
          priority: score,
          skill: item.skill,
          channel: item.channel,
          language: item.language,
        },
      });
      return toItem(await dispatcher.assign(item));
    },

    /** A person takes a waiting case. Two at the same moment: exactly one wins, the other gets 409. */
    async pickup(workspaceId: string, caseId: string, userId: string): Promise<QueueItem> {
      await ensureAgent(workspaceId, userId, "userId");
      const item = await liveItemOrFail(workspaceId, caseId);
      if (item.status === "assigned") {
        if (item.assigneeId === userId) return toItem(item);
        throw alreadyAssigned(item.assigneeId ?? "");
      }
      const agent = await agentView(workspaceId, userId);
      if (agent.presence === "offline") throw agentOffline();
      const { claimed } = await dispatcher.give(item, userId, "pickup", ["online", "away"]);
      if (claimed) return toItem(claimed);
      const now = await routingRepository(db).findItem(workspaceId, item.id);
      if (now?.status === "assigned" && now.assigneeId !== userId) throw alreadyAssigned(now.assigneeId ?? "");
      if (now?.status === "assigned") return toItem(now);
      throw agentAtCapacity(item.channel);
    },

    /** Moves a case to another agent or queue; every transfer is recorded for misrouting analytics. */
    async transfer(
      workspaceId: string,
      caseId: string,
      input: { toAgentId?: string; toQueueId?: string; reason?: string },
      actorId: string,
    ): Promise<QueueItem> {
      if (!input.toAgentId && !input.toQueueId) throw transferTargetMissing();
      const item = await liveItemOrFail(workspaceId, caseId);
      const repo = routingRepository(db);
      const target = input.toQueueId ? await repo.findQueue(workspaceId, input.toQueueId) : undefined;
      if (input.toQueueId && !target) throw queueUnknown("toQueueId");
      const toQueueId = target?.id ?? item.queueId;
      if (input.toAgentId) {
        await ensureAgent(workspaceId, input.toAgentId, "toAgentId");
        if (input.toAgentId === item.assigneeId && toQueueId === item.queueId) throw transferToSelf();
        const agent = await agentView(workspaceId, input.toAgentId);
        if (agent.presence === "offline") throw agentOffline("toAgentId");
        const slot = agent.load.find((l) => l.channel === item.channel);
        if (!slot || slot.open >= slot.capacity) throw agentAtCapacity(item.channel, "toAgentId");
      } else if (toQueueId === item.queueId) {
        throw transferToSelf();
      }
      const at = clock.now();
      const record = {
        fromQueueId: item.queueId,
        toQueueId,
        fromAgentId: item.assigneeId,
        toAgentId: input.toAgentId ?? null,
        reason: input.reason ?? null,
        actorId,
      };
      const moved = await detach(
        item,
        { status: "queued", assigneeId: null, assignedAt: null, queueId: toQueueId },
        {
          kind: "case.transferred",
          summary: input.toAgentId ? "Transferred to another agent" : `Transferred to ${target?.name ?? "another queue"}`,
          actor: actorId,
          data: { toAgentId: input.toAgentId ?? null, toQueueId, reason: input.reason ?? null },
        },
        record,
      );
      if (!moved) throw alreadyAssigned(item.assigneeId ?? "");
      events.emit({ name: "case.transferred", workspaceId, occurredAt: at, payload: { caseId, itemId: item.id, ...record } });
      let result = moved;
      if (input.toAgentId) {
        // A transfer to a person puts the case with them even when they are away.
        const { claimed } = await dispatcher.give(moved, input.toAgentId, "pickup", ["online", "away"]);
        if (!claimed) {
          result = await dispatcher.assign(moved);
        } else result = claimed;
      } else {
        result = await dispatcher.assign(moved);
      }
      await refill(workspaceId, item.assigneeId);
      return toItem(result);
    },

    /** The AI takes the conversation back: the item closes, the case reopens for the agent engine. */
    async handback(workspaceId: string, caseId: string, actorId: string): Promise<QueueItem> {
      const item = await liveItemOrFail(workspaceId, caseId);
      const closed = await detach(
        item,
        { status: "closed", closedAt: clock.now(), closeReason: "handed_back" },
        { status: "open", kind: "case.handed_back", summary: "Handed back to the AI agent", actor: actorId },
      );
      if (!closed) throw alreadyAssigned(item.assigneeId ?? "");
      events.emit({
        name: "case.handed_back",
        workspaceId,
        occurredAt: clock.now(),
        payload: { caseId, itemId: item.id, fromAgentId: item.assigneeId, actorId },
      });
      await refill(workspaceId, item.assigneeId);
      return toItem(closed);
    },

    /** The case was resolved (or reopened) by staff: its item leaves the queue and frees the slot. */
    async closeFor(workspaceId: string, caseId: string, reason: string): Promise<void> {
      const item = await routingRepository(db).liveItem(workspaceId, caseId);
      if (!item) return;
      const at = clock.now();
      const closed = await db.transaction(async (tx) => {
        const row = await routingRepository(tx).updateLiveItem(
          workspaceId,
          item.id,
          { status: item.status, assigneeId: item.assigneeId },
          { status: "closed", closedAt: at, closeReason: reason },
        );
        if (row && item.status === "assigned" && item.assigneeId) {
          await dispatcher.release(workspaceId, item.assigneeId, item.channel, tx);
        }
        return row;
      });
      if (closed) await refill(workspaceId, item.assigneeId);
    },

    async setPresence(workspaceId: string, userId: string, presence: Presence): Promise<RoutingAgent> {
      await ensureAgent(workspaceId, userId, "userId");
      const at = clock.now();
      const before = await routingRepository(db).findAgent(workspaceId, userId);
      await routingRepository(db).updateAgent(workspaceId, userId, { presence, presenceChangedAt: at });
      if (before?.presence !== presence) {
        events.emit({ name: "agent.presence_changed", workspaceId, occurredAt: at, payload: { userId, presence } });
      }
      if (presence === "offline") {
        // Nobody is there to answer: items the agent has not replied to go back to be routed again.
        for (const item of await routingRepository(db).listAssigned(workspaceId, userId)) {
          const answered = item.assignedAt
            ? await routingRepository(db).staffRepliedSince(workspaceId, item.caseId, item.assignedAt)
            : null;
          if (answered) continue;
          const requeued = await detach(
            item,
            { status: "queued", assigneeId: null, assignedAt: null },
            { kind: "case.requeued", summary: "Back in the queue: the agent went offline", actor: "routing" },
          );
          if (requeued) {
            events.emit({
              name: "case.queued",
              workspaceId,
              occurredAt: at,
              payload: { caseId: item.caseId, itemId: item.id, queueId: item.queueId, priority: item.priorityScore, requeuedFrom: userId },
            });
            await dispatcher.assign(requeued);
          }
        }
      }
      if (presence === "online") await dispatcher.fill(workspaceId, userId);
      return agentView(workspaceId, userId);
    },

    /** Skills, languages and capacity per channel; lowering capacity never drops items already held. */
    async configureAgent(
      workspaceId: string,
      userId: string,
      input: { skills?: string[]; languages?: string[]; capacity?: Partial<Record<WorkChannel, number>> },
    ): Promise<RoutingAgent> {
      await ensureAgent(workspaceId, userId, null);
      const repo = routingRepository(db);
      if (input.skills || input.languages) {
        await repo.updateAgent(workspaceId, userId, {
          ...(input.skills ? { skills: input.skills } : {}),
          ...(input.languages ? { languages: input.languages } : {}),
        });
      }
      for (const [channel, capacity] of Object.entries(input.capacity ?? {})) {
        await repo.setCapacity(workspaceId, userId, channel as WorkChannel, capacity);
      }
      await dispatcher.fill(workspaceId, userId);
      return agentView(workspaceId, userId);
    },

    async agent(workspaceId: string, userId: string): Promise<RoutingAgent> {
      await ensureAgent(workspaceId, userId, "userId");
      return agentView(workspaceId, userId);
    },

    async agents(workspaceId: string): Promise<RoutingAgent[]> {
      const repo = routingRepository(db);
      const rows = await repo.listAgents(workspaceId);
      const load = await repo.loadOf(workspaceId, rows.map((r) => r.userId));
      return rows.map((row) => toAgent(row, load));
    },

    async waiting(workspaceId: string, queueId?: string): Promise<QueueItem[]> {
      if (queueId) await queues.get(workspaceId, queueId);
      return (await routingRepository(db).listQueued(workspaceId, queueId)).map(toItem);
    },

    async queueCounts(workspaceId: string) {
      return routingRepository(db).queueCounts(workspaceId);
    },

    /** The case's live item (if any) and every transfer it went through. */
    async caseRouting(workspaceId: string, caseId: string): Promise<{ item: QueueItem | null; transfers: Transfer[] }> {
      await cases.get(workspaceId, caseId);
      const repo = routingRepository(db);
      const item = await repo.liveItem(workspaceId, caseId);
      return { item: item ? toItem(item) : null, transfers: (await repo.listTransfers(workspaceId, caseId)).map(toTransfer) };
    },

    /** Where the case stands for the customer: with a person, waiting (place and estimate), or closed hours. */
    async waitStatus(workspaceId: string, caseId: string): Promise<WaitStatus> {
      const repo = routingRepository(db);
      const item = await repo.liveItem(workspaceId, caseId);
      if (!item) return { state: "none" };
      if (item.status === "assigned" && item.assigneeId) {
        return { state: "assigned", assigneeId: item.assigneeId, queueId: item.queueId };
      }
      const queue = await queues.get(workspaceId, item.queueId);
      const now = clock.now();
      const position = await repo.position(item);
      const hours = queueOpenAt(queue, now);
      if (!hours.open && hours.opensAt) {
        const found = await cases.get(workspaceId, caseId);
        return {
          state: "closed_hours",
          queueId: queue.id,
          queueName: queue.name,
          position,
          opensAt: hours.opensAt,
          timezone: queue.timezone,
          channel: queue.afterHoursChannel ?? found.channels.at(-1) ?? found.originChannel,
        };
      }
      const since = new Date(now.getTime() - 86_400_000);
      const handle = (await repo.recentHandleMinutes(workspaceId, queue.id, since)) ?? DEFAULT_HANDLE_MINUTES;
      const online = await repo.onlineAgentsFor(workspaceId, item);
      // Each person ahead frees a slot after about one handling time; agents work in parallel.
      const estimate = Math.max(1, Math.round((position * handle) / Math.max(1, online)));
      return { state: "queued", queueId: queue.id, queueName: queue.name, position, estimatedWaitMinutes: estimate };
    },

    /**
     * SLA timers: stamps first replies, then marks items whose promise passed unanswered as
     * breached (once, whichever node gets there first) and emits `sla.breached`.
     */
    async sweep(): Promise<QueueItem[]> {
      const now = clock.now();
      const repo = routingRepository(db);
      await repo.stampAnswered(now);
      const breached = await repo.breachDue(now, SLA_BREACH_BUMP);
      for (const item of breached) {
        events.emit({
          name: "sla.breached",
          workspaceId: item.workspaceId,
          occurredAt: now,
          payload: {
            caseId: item.caseId,
            itemId: item.id,
            queueId: item.queueId,
            assigneeId: item.assigneeId,
            dueAt: item.slaDueAt.toISOString(),
          },
        });
      }
      return breached.map(toItem);
    },
  };
}

