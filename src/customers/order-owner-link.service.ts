import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { isAppError } from "../core/errors";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import type { TimelineService } from "../timeline";
import type { WorkspaceSettingsReader } from "../workspaces";
import { customersRepository, type CustomerRow } from "./customers.repository";
import { customerNotFound } from "./customers.errors";
import type { MergeInput } from "./merge.service";
import type { MergeResult } from "./customers.types";

/** Identities that name a person with orders of their own: a record holding one is never folded in silently. */
const PERSONAL_KINDS = new Set(["email", "loyalty", "external"]);

export type OrderOwner = { customerId: string | null; email: string | null };

export type OrderOwnerLink =
  /** The contact's customer already owns the order. */
  | { status: "owner"; customerId: string }
  /** A guest record was merged into the order's customer (its case may have been folded). */
  | { status: "linked"; customerId: string; mergeId: string; caseId: string }
  /** The contact's record names someone else: staff decide, nothing is joined. */
  | { status: "proposed"; proposalId: string; otherCustomerId: string }
  /** The order names no customer to link to. */
  | { status: "no_owner" };

type LinkInput = {
  workspaceId: string;
  customerId: string;
  caseId: string;
  orderNumber: string;
  owner: OrderOwner;
  channel: string;
};

type MergeWithin = (tx: Db, workspaceId: string, input: MergeInput, now: Date) => Promise<MergeResult & { foldedInto: string | null }>;

/**
 * Links a contact that proved an order (order number + postal code) to the order's customer. A
 * guest record (sessions and phone numbers only) is merged into that customer through the merge
 * history, so it can be reverted, and its case joins the customer's open case about the same order.
 * A record that already names a person (an email, a loyalty or external id) is never joined on
 * this proof alone: a merge is proposed for staff.
 */
export function createOrderOwnerLink(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  timeline: TimelineService;
  settings: WorkspaceSettingsReader;
  mergeWithin: MergeWithin;
}) {
  /** The live record an id points at, following merge tombstones. */
  async function live(db: Db, workspaceId: string, row: CustomerRow | undefined): Promise<CustomerRow | undefined> {
    let current = row;
    for (let hops = 0; current?.mergedIntoId && hops < 10; hops++) {
      current = await customersRepository(db).findCustomer(workspaceId, current.mergedIntoId);
    }
    return current;
  }

  /** Two proofs of the same guest at once: the second finds it merged and links as its owner. */
  return async function linkToOrderOwner(input: LinkInput): Promise<OrderOwnerLink> {
    try {
      return await linkOnce(input);
    } catch (error) {
      if (isAppError(error) && error.code === "CUSTOMERS_ALREADY_MERGED") return linkOnce(input);
      throw error;
    }
  };

  async function linkOnce(input: LinkInput): Promise<OrderOwnerLink> {
    const now = deps.clock.now();
    const { workspaceId, owner } = input;
    const { caseRecencyHours } = await deps.settings.get(workspaceId);
    const outcome = await deps.db.transaction(async (tx): Promise<OrderOwnerLink & { created?: boolean }> => {
      const repo = customersRepository(tx);
      const contact = await live(tx, workspaceId, await repo.findCustomer(workspaceId, input.customerId));
      if (!contact) throw customerNotFound();
      const email = owner.email?.trim().toLowerCase() || null;
      let target = owner.customerId ? await live(tx, workspaceId, await repo.findCustomer(workspaceId, owner.customerId)) : undefined;
      if (!target && email) target = await live(tx, workspaceId, await repo.ownerOf(workspaceId, { kind: "email", system: "", value: email }));
      if (target?.id === contact.id) return { status: "owner", customerId: contact.id };

      const identities = await repo.listIdentities(workspaceId, [contact.id]);
      const guest = !identities.some((identity) => PERSONAL_KINDS.has(identity.kind));
      if (!target) {
        if (!email) return { status: "no_owner" };
        if (!guest) {
          // The record names someone, the order someone else not yet on file: record the order's
          // owner so staff can join the two when they are one person.
          target = await createOrderCustomer(tx, workspaceId, email, input.orderNumber, now);
        } else {
          // The guest becomes the order's customer: the order's email joins its record.
          await repo.insertIdentity({
            id: newId("identity", now.getTime()),
            workspaceId,
            customerId: contact.id,
            kind: "email",
            system: "",
            value: email,
            verificationLevel: "recognised",
            createdAt: now,
          });
          await deps.timeline.append(
            {
              workspaceId,
              customerId: contact.id,
              caseId: input.caseId,
              kind: "identity.added",
              channel: input.channel,
              summary: `Order ${input.orderNumber}'s email added after order number + postal code`,
              data: { kind: "email", source: "order_postcode" },
              occurredAt: now,
            },
            tx,
          );
          return { status: "owner", customerId: contact.id };
        }
      }
      if (!guest) {
        const proposal = await repo.insertProposal({
          id: newId("mergeProposal"),
          workspaceId,
          customerId: contact.id,
          otherCustomerId: target.id,
          identityKind: "order",
          identityValue: input.orderNumber,
          source: "order_postcode",
          createdAt: now,
        });
        return { status: "proposed", proposalId: proposal.id, otherCustomerId: target.id };
      }
      const merged = await deps.mergeWithin(
        tx,
        workspaceId,
        {
          survivorId: target.id,
          mergedId: contact.id,
          reason: `Proved order ${input.orderNumber} by order number and postal code`,
          actor: "ai",
          fold: {
            caseId: input.caseId,
            orderRef: input.orderNumber,
            since: new Date(now.getTime() - caseRecencyHours * 3_600_000),
          },
        },
        now,
      );
      return { status: "linked", customerId: target.id, mergeId: merged.id, caseId: merged.foldedInto ?? input.caseId };
    });
    if (outcome.status === "linked") {
      deps.events.emit({
        name: "customer.merged",
        workspaceId,
        occurredAt: now,
        payload: { id: outcome.mergeId, survivorId: outcome.customerId, mergedId: input.customerId },
      });
    }
    return outcome;
  }

  async function createOrderCustomer(tx: Db, workspaceId: string, email: string, orderNumber: string, now: Date) {
    const repo = customersRepository(tx);
    const row = await repo.insertCustomer({ id: newId("customer", now.getTime()), workspaceId, createdAt: now, updatedAt: now });
    const inserted = await repo.insertIdentity({
      id: newId("identity", now.getTime()),
      workspaceId,
      customerId: row.id,
      kind: "email",
      system: "",
      value: email,
      verificationLevel: "recognised",
      createdAt: now,
    });
    if (!inserted) throw new Error("order email identity created concurrently");
    await deps.timeline.append(
      {
        workspaceId,
        customerId: row.id,
        kind: "customer.created",
        refId: row.id,
        summary: `Created from order ${orderNumber}'s email`,
        occurredAt: now,
      },
      tx,
    );
    return row;
  }
}
