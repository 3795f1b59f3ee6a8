import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import { casesRepository } from "../cases";
import { timelineRepository, type TimelineService } from "../timeline";
import { customersRepository, type MergeProposalRow } from "./customers.repository";
import { alreadyMerged, customerNotFound, mergeIntoSelf, proposalNotFound } from "./customers.errors";
import type { Customer, MergeProposal, MergeResult } from "./customers.types";

export const toProposal = (row: MergeProposalRow): MergeProposal => ({
  id: row.id,
  customerId: row.customerId,
  otherCustomerId: row.otherCustomerId,
  identityKind: row.identityKind,
  identityValue: row.identityValue,
  source: row.source,
  status: row.status,
  createdAt: row.createdAt,
});

/** Merging customers and deciding merge proposals: the auditable half of identity resolution. */
export function createMergeOperations(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  timeline: TimelineService;
  getCustomer(workspaceId: string, id: string): Promise<Customer>;
}) {
  const { clock, events, timeline } = deps;
  return {
    /**
     * Moves everything the merged customer owns to the survivor and leaves a tombstone, so
     * references to the old id still resolve and the history reads as one story.
     */
    async merge(
      workspaceId: string,
      input: { survivorId: string; mergedId: string; reason: string; actor: string },
    ): Promise<MergeResult> {
      if (input.survivorId === input.mergedId) throw mergeIntoSelf();
      const now = clock.now();
      const result = await deps.db.transaction(async (tx) => {
        const repo = customersRepository(tx);
        const locked = await repo.lockCustomers(workspaceId, [input.survivorId, input.mergedId]);
        const survivor = locked.find((row) => row.id === input.survivorId);
        const merged = locked.find((row) => row.id === input.mergedId);
        if (!survivor || !merged) throw customerNotFound();
        if (survivor.mergedIntoId) throw alreadyMerged(survivor.id);
        if (merged.mergedIntoId) throw alreadyMerged(merged.id);

        const identities = await repo.moveIdentities(workspaceId, merged.id, survivor.id);
        const moved = await casesRepository(tx).reassignCustomer(workspaceId, merged.id, survivor.id);
        const events = await timelineRepository(tx).reassignCustomer(workspaceId, merged.id, survivor.id);
        await repo.updateCustomer(workspaceId, merged.id, { mergedIntoId: survivor.id }, now);
        await repo.updateCustomer(
          workspaceId,
          survivor.id,
          {
            displayName: survivor.displayName ?? merged.displayName,
            locale: survivor.locale ?? merged.locale,
            attributes: { ...merged.attributes, ...survivor.attributes },
          },
          now,
        );
        const counts = { identities, cases: moved.cases, messages: moved.messages, timelineEvents: events };
        const id = newId("merge", now.getTime());
        await repo.insertMerge({
          id,
          workspaceId,
          survivorId: survivor.id,
          mergedId: merged.id,
          actor: input.actor,
          reason: input.reason,
          moved: counts,
          createdAt: now,
        });
        await repo.decideProposals(workspaceId, [survivor.id, merged.id], "accepted", now);
        await timeline.append(
          {
            workspaceId,
            customerId: survivor.id,
            kind: "customer.merged",
            refId: id,
            summary: `Merged customer ${merged.id} into this record`,
            data: { mergedId: merged.id, actor: input.actor, reason: input.reason, moved: counts },
            occurredAt: now,
          },
          tx,
        );
        return { id, survivorId: survivor.id, mergedId: merged.id, moved: counts };
      });
      events.emit({ name: "customer.merged", workspaceId, occurredAt: now, payload: { ...result } });
      return result;
    },

    async merges(workspaceId: string, customerId: string) {
      await deps.getCustomer(workspaceId, customerId);
      return customersRepository(deps.db).listMerges(workspaceId, customerId);
    },

    async proposals(workspaceId: string, status: MergeProposal["status"] = "open"): Promise<MergeProposal[]> {
      return (await customersRepository(deps.db).listProposals(workspaceId, status)).map(toProposal);
    },

    async dismissProposal(workspaceId: string, proposalId: string): Promise<void> {
      const repo = customersRepository(deps.db);
      const proposal = await repo.findProposal(workspaceId, proposalId);
      if (!proposal) throw proposalNotFound();
      await repo.decideProposals(
        workspaceId,
        [proposal.customerId, proposal.otherCustomerId],
        "dismissed",
        clock.now(),
      );
    },
  };
}
