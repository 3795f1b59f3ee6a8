import type { Clock } from "../../core/clock";
import type { EventBus } from "../../core/events";
import type { Db } from "../../db/client";
import type { TimelineService } from "../../timeline";
import { contentHash } from "../lib/content-hash";
import type { OrderOwnerKeys } from "../order-system";
import type { Order } from "../retail-records";
import { ordersRepository, type OrderRow } from "./orders.repository";
import type { ReturnLine } from "./retail.schema";

export type ActionFailure = {
  code: string;
  message: string;
  rule?: { id: string; description: string; params?: Record<string, unknown> };
};

export type ActionOutcome<T> = { ok: true; data: T; replayed: boolean } | { ok: false; error: ActionFailure };

export type ActionContext = {
  workspaceId: string;
  /** The verified customer the action is for; the order must be theirs. */
  customerId: string;
  owner: OrderOwnerKeys;
  requestId?: string;
  caseId?: string;
  channel?: string;
  actor?: { kind: string; id: string };
  now: Date;
};

export type ActionChange<T> = {
  doc: Order;
  result: T;
  timeline: { kind: string; summary: string; data: Record<string, unknown> };
  event: { name: string; payload: Record<string, unknown> };
  returnRow?: { kind: "return" | "exchange"; lines: ReturnLine[]; reason: string; refundAmount: number };
};

export type ActionSpec<T> = {
  tool: string;
  input: unknown;
  orderNumber: string;
  /** The policy check, run on the locked order just before writing; a failure writes nothing. */
  check(order: Order): ActionFailure | null;
  /** The change to write; a return or exchange row's id is added to the result as `returnId`. */
  apply(order: Order): ActionChange<T>;
};

export type OrderActionsService = ReturnType<typeof createOrderActionsService>;

const orderNotFound = (number: string): ActionFailure => ({
  code: "ORDERS_NOT_FOUND",
  message: `no order ${number} was found for this customer`,
});

export function ownsOrder(row: Pick<OrderRow, "customerEmail" | "customerRef">, owner: OrderOwnerKeys): boolean {
  return (
    (row.customerEmail !== null && owner.emails.includes(row.customerEmail)) ||
    (row.customerRef !== null && owner.externalIds.includes(row.customerRef))
  );
}

/**
 * Changes to orders in the built-in connector. Each action runs in one transaction: the order
 * row is locked, the policy check runs on what is stored now, then the order, the return
 * record, the customer's timeline and the request id are written together. A repeated request
 * id returns the first result without acting again.
 */
export function createOrderActionsService(deps: { db: Db; clock: Clock; timeline: TimelineService; events: EventBus }) {
  return {
    async execute<T extends Record<string, unknown>>(ctx: ActionContext, spec: ActionSpec<T>): Promise<ActionOutcome<T>> {
      const inputHash = contentHash({ tool: spec.tool, input: spec.input });
      let emitted: ActionChange<T>["event"] | null = null;
      const outcome = await deps.db.transaction(async (tx): Promise<ActionOutcome<T>> => {
        const repo = ordersRepository(tx);
        if (ctx.requestId) {
          const previous = await repo.findRequest(ctx.workspaceId, ctx.requestId);
          if (previous) return replay<T>(previous, spec.tool, inputHash);
        }
        const row = await repo.findByNumber(ctx.workspaceId, spec.orderNumber, true);
        if (!row || !ownsOrder(row, ctx.owner)) return { ok: false, error: orderNotFound(spec.orderNumber) };
        const refusal = spec.check(row.doc);
        if (refusal) return { ok: false, error: refusal };

        let returnId: string | undefined;
        const change = spec.apply(row.doc);
        if (change.returnRow) {
          returnId = await repo.insertReturn({
            workspaceId: ctx.workspaceId,
            orderId: row.id,
            ...change.returnRow,
            customerId: ctx.customerId,
            createdAt: ctx.now,
          });
        }
        const result = { ...change.result, ...(returnId ? { returnId } : {}) } as T;
        await repo.replaceDoc(ctx.workspaceId, row.id, change.doc, contentHash(change.doc), ctx.now);
        await deps.timeline.append(
          {
            workspaceId: ctx.workspaceId,
            customerId: ctx.customerId,
            caseId: ctx.caseId ?? null,
            channel: ctx.channel ?? null,
            kind: change.timeline.kind,
            refId: change.doc.number,
            summary: change.timeline.summary,
            data: { ...change.timeline.data, ...(returnId ? { returnId } : {}), requestId: ctx.requestId ?? null, actor: ctx.actor ?? null },
            occurredAt: ctx.now,
          },
          tx,
        );
        if (ctx.requestId) {
          const stored = await repo.insertRequest({
            workspaceId: ctx.workspaceId,
            requestId: ctx.requestId,
            tool: spec.tool,
            inputHash,
            result,
            createdAt: ctx.now,
          });
          // A concurrent duplicate got there first: undo ours by failing the transaction.
          if (!stored) throw new DuplicateRequestError();
        }
        emitted = { ...change.event, payload: { ...change.event.payload, ...(returnId ? { returnId } : {}) } };
        return { ok: true, data: result, replayed: false };
      }).catch(async (error: unknown) => {
        if (!(error instanceof DuplicateRequestError) || !ctx.requestId) throw error;
        const previous = await ordersRepository(deps.db).findRequest(ctx.workspaceId, ctx.requestId);
        if (!previous) throw error;
        return replay<T>(previous, spec.tool, inputHash);
      });
      const event = emitted as ActionChange<T>["event"] | null;
      if (outcome.ok && !outcome.replayed && event) {
        deps.events.emit({ name: event.name, workspaceId: ctx.workspaceId, occurredAt: ctx.now, payload: event.payload });
      }
      return outcome;
    },
  };
}

class DuplicateRequestError extends Error {
  override name = "DuplicateRequestError";
}

function replay<T>(previous: { tool: string; inputHash: string; result: Record<string, unknown> }, tool: string, inputHash: string): ActionOutcome<T> {
  if (previous.tool !== tool || previous.inputHash !== inputHash) {
    return {
      ok: false,
      error: {
        code: "ACTIONS_REQUEST_ID_REUSED",
        message: "this request id was already used for a different action; use a new request id",
      },
    };
  }
  return { ok: true, data: previous.result as T, replayed: true };
}
