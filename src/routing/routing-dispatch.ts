import type { CasesService } from "../cases";
import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import type { Db } from "../db/client";
import { routingRepository, type ItemRow } from "./routing.repository";
import type { WorkChannel } from "./routing.types";

export type DispatchDeps = { db: Db; clock: Clock; events: EventBus; cases: CasesService };

/** Thrown inside a transaction to undo a slot taken for an item someone else claimed meanwhile. */
class LostRace extends Error {}

const ONLINE_ONLY = ["online"] as const;

/**
 * Assignment: an item goes to the least-loaded online agent with the skill, the language and a
 * free slot on its channel; an agent with a free slot takes the best waiting item they can serve
 * (priority, then age). Every step is two conditional updates — the agent's counter below
 * capacity, the item still waiting — in one transaction, so concurrent nodes never give one item
 * to two people or one person more than their capacity.
 */
export function createDispatcher(deps: DispatchDeps) {
  const { db, clock, events, cases } = deps;

  /** Gives `item` to `userId` if both are still free; the case's holder is set in the same transaction. */
  async function give(item: ItemRow, userId: string, via: "auto" | "pickup", presences: readonly string[]) {
    const at = clock.now();
    try {
      const claimed = await db.transaction(async (tx) => {
        const repo = routingRepository(tx);
        if (!(await repo.takeSlot(item.workspaceId, userId, item.channel, presences, at))) return null;
        const row = await repo.claimItem(item.workspaceId, item.id, userId, at);
        if (!row) throw new LostRace();
        await cases.setHolder(tx, {
          workspaceId: item.workspaceId,
          caseId: item.caseId,
          assigneeId: userId,
          actor: via === "auto" ? "routing" : userId,
          kind: "case.assigned",
          summary: via === "auto" ? "Assigned by routing" : "Picked up by an agent",
          data: { itemId: item.id, queueId: item.queueId, via },
          at,
        });
        return row;
      });
      if (claimed) {
        events.emit({
          name: "case.assigned",
          workspaceId: item.workspaceId,
          occurredAt: at,
          payload: { caseId: item.caseId, itemId: item.id, queueId: item.queueId, assigneeId: userId, via },
        });
      }
      return { claimed, lost: false };
    } catch (error) {
      if (error instanceof LostRace) return { claimed: null, lost: true };
      throw error;
    }
  }

  return {
    give,

    /** Tries the best candidates in turn; the item stays queued when every eligible agent is full. */
    async assign(item: ItemRow): Promise<ItemRow> {
      for (let round = 0; round < 3; round++) {
        const candidates = await routingRepository(db).candidates(item.workspaceId, item);
        if (candidates.length === 0) return item;
        for (const candidate of candidates) {
          const { claimed, lost } = await give(item, candidate.userId, "auto", ONLINE_ONLY);
          if (claimed) return claimed;
          if (lost) return (await routingRepository(db).findItem(item.workspaceId, item.id)) ?? item;
        }
      }
      return item;
    },

    /** Fills the agent's free slots from the waiting items they may serve; returns what they got. */
    async fill(workspaceId: string, userId: string): Promise<ItemRow[]> {
      const given: ItemRow[] = [];
      // Bounded: every pass either assigns an item or finds none; races only cost a retry.
      for (let pass = 0; pass < 200; pass++) {
        const next = await routingRepository(db).nextItemFor(workspaceId, userId);
        if (!next) break;
        const { claimed } = await give(next, userId, "auto", ONLINE_ONLY);
        if (claimed) given.push(claimed);
      }
      return given;
    },

    /** Frees the holder's slot on the channel after an item left them, then refills it. */
    async release(workspaceId: string, userId: string, channel: WorkChannel, tx: Db): Promise<void> {
      await routingRepository(tx).releaseSlot(workspaceId, userId, channel);
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
