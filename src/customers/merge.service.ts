import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import { casesRepository } from "../cases";
import { timelineRepository, type TimelineService } from "../timeline";
import { customersRepository, type MergeProposalRow } from "./customers.repository";
import {
  alreadyMerged,
  customerNotFound,
  mergeAlreadyReverted,
  mergeIntoSelf,
  mergeNotFound,
  mergeRevertBlocked,
  proposalNotFound,
} from "./customers.errors";
import type { Customer, MergeMovedIds, MergeProposal, MergeResult } from "./customers.types";

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

export type MergeInput = {
  survivorId: string;
  mergedId: string;
  reason: string;
  actor: string;
  /** Fold this case of the merged customer into the survivor's open case about the same order. */
  fold?: { caseId: string; orderRef: string; since: Date };
};

/** Merging customers and deciding merge proposals: the auditable half of identity resolution. */
export function createMergeOperations(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  timeline: TimelineService;
  getCustomer(workspaceId: string, id: string): Promise<Customer>;
}) {
  const { clock, events, timeline } = deps;

  /**
   * Moves everything the merged customer owns to the survivor and leaves a tombstone, so
   * references to the old id still resolve and the history reads as one story. Runs in the
   * caller's transaction; records by id what moved, so the merge can be reverted exactly.
   */
  async function mergeWithin(
    tx: Db,
    workspaceId: string,
    input: MergeInput,
    now: Date,
  ): Promise<MergeResult & { foldedInto: string | null }> {
    if (input.survivorId === input.mergedId) throw mergeIntoSelf();
    const repo = customersRepository(tx);
    const locked = await repo.lockCustomers(workspaceId, [input.survivorId, input.mergedId]);
    const survivor = locked.find((row) => row.id === input.survivorId);
    const merged = locked.find((row) => row.id === input.mergedId);
    if (!survivor || !merged) throw customerNotFound();
    if (survivor.mergedIntoId) throw alreadyMerged(survivor.id);
    if (merged.mergedIntoId) throw alreadyMerged(merged.id);

    const cases = casesRepository(tx);
    let foldedCase: MergeMovedIds["foldedCase"];
    if (input.fold) {
      const open = await cases.openCasesSince(workspaceId, survivor.id, input.fold.since);
      const into = open.find((c) => c.orderRef === input.fold?.orderRef && c.id !== input.fold?.caseId);
      if (into) {
        const messages = await cases.foldCase(workspaceId, input.fold.caseId, into.id, now);
        foldedCase = { from: input.fold.caseId, into: into.id, messages };
      }
    }
    const identityIds = await repo.moveIdentities(workspaceId, merged.id, survivor.id);
    const moved = await cases.reassignCustomer(workspaceId, merged.id, survivor.id);
    const eventIds = await timelineRepository(tx).reassignCustomer(workspaceId, merged.id, survivor.id);
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
    const counts = {
      identities: identityIds.length,
      cases: moved.cases,
      messages: moved.messages,
      timelineEvents: eventIds.length,
    };
    const movedIds: MergeMovedIds = {
      identities: identityIds,
      cases: moved.caseIds,
      timelineEvents: eventIds,
      ...(foldedCase ? { foldedCase } : {}),
    };
    const id = newId("merge", now.getTime());
    await repo.insertMerge({
      id,
      workspaceId,
      survivorId: survivor.id,
      mergedId: merged.id,
      actor: input.actor,
      reason: input.reason,
      moved: counts,
      movedIds,
      createdAt: now,
    });
    await repo.decideProposals(workspaceId, [survivor.id, merged.id], "accepted", now);
    await timeline.append(
      {
        workspaceId,
        customerId: survivor.id,
        caseId: foldedCase?.into ?? null,
        kind: "customer.merged",
        refId: id,
        summary: `Merged customer ${merged.id} into this record`,
        data: {
          mergedId: merged.id,
          actor: input.actor,
          reason: input.reason,
          moved: counts,
          ...(foldedCase ? { foldedCase: { from: foldedCase.from, into: foldedCase.into } } : {}),
        },
        occurredAt: now,
      },
      tx,
    );
    return { id, survivorId: survivor.id, mergedId: merged.id, moved: counts, foldedInto: foldedCase?.into ?? null };
  }

  return {
    mergeWithin,

    async merge(workspaceId: string, input: MergeInput): Promise<MergeResult> {
      const now = clock.now();
      const { foldedInto: _folded, ...result } = await deps.db.transaction((tx) => mergeWithin(tx, workspaceId, input, now));
      events.emit({ name: "customer.merged", workspaceId, occurredAt: now, payload: { ...result } });
      return result;
    },

    /**
     * Undoes a merge from its history entry: the identities, cases (with their messages) and
     * timeline events it moved go back, a folded case is reopened with its messages, and the
     * tombstone becomes a customer again. Both records' timelines say so.
     */
    async revertMerge(workspaceId: string, mergeId: string, actor: string) {
      const now = clock.now();
      const result = await deps.db.transaction(async (tx) => {
        const repo = customersRepository(tx);
        const merge = await repo.findMerge(workspaceId, mergeId);
        if (!merge) throw mergeNotFound();
        if (merge.revertedAt) throw mergeAlreadyReverted();
        const locked = await repo.lockCustomers(workspaceId, [merge.survivorId, merge.mergedId]);
        const survivor = locked.find((row) => row.id === merge.survivorId);
        const merged = locked.find((row) => row.id === merge.mergedId);
        if (!survivor || !merged) throw customerNotFound();
        if (survivor.mergedIntoId) throw mergeRevertBlocked(survivor.id);
        if (merged.mergedIntoId !== survivor.id) throw mergeRevertBlocked(merged.id);
        const ids = merge.movedIds;
        const cases = casesRepository(tx);
        if (ids.foldedCase) await cases.unfoldCase(workspaceId, ids.foldedCase.from, ids.foldedCase.messages, now);
        const identities = await repo.moveIdentitiesByIds(workspaceId, ids.identities ?? [], survivor.id, merged.id);
        const movedCases = await cases.moveCases(workspaceId, ids.cases ?? [], merged.id);
        const timelineEvents = await timelineRepository(tx).moveEvents(
          workspaceId,
          ids.timelineEvents ?? [],
          ids.cases ?? [],
          merged.id,
        );
        await repo.updateCustomer(workspaceId, merged.id, { mergedIntoId: null }, now);
        await repo.markMergeReverted(workspaceId, merge.id, now, actor);
        const restored = { identities, cases: movedCases, timelineEvents };
        for (const [customerId, summary] of [
          [survivor.id, `Reverted the merge of customer ${merged.id} into this record`],
          [merged.id, `Split out again from customer ${survivor.id}`],
        ] as const) {
          await timeline.append(
            {
              workspaceId,
              customerId,
              kind: "customer.unmerged",
              refId: merge.id,
              summary,
              data: { mergeId: merge.id, actor, restored },
              occurredAt: now,
            },
            tx,
          );
        }
        return { mergeId: merge.id, survivorId: survivor.id, restoredId: merged.id, restored };
      });
      events.emit({ name: "customer.unmerged", workspaceId, occurredAt: now, payload: { ...result } });
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
