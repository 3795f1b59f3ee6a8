import type { Clock } from "../../core/clock";
import type { EventBus } from "../../core/events";
import type { Db } from "../../db/client";
import type { TimelineService } from "../../timeline";
import { newId } from "../../core/ids";
import { contentHash } from "../lib/content-hash";
import type { OrderActionTarget } from "../order-actions";
import type { OrderOwnerKeys, OrderSystem } from "../order-system";
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
  /** Set when the orders live in the retailer's system (HTTP connector): the action goes there. */
  remote?: { orders: OrderSystem; target: OrderActionTarget };
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

/**
 * Where an action goes once written: `requested` when the retailer's system applies it from an
 * `order.action_requested` event (so the customer hears "requested", not "done"), `performed`
 * when Throughline's own data is the record.
 */
export type WriteBack = "requested" | "performed";

/** Enqueues an outbound event in the action's transaction; returns how many endpoints receive it. */
export type ActionPublisher = (
  tx: Db,
  workspaceId: string,
  event: { type: "order.action_requested" | "order.action_performed"; data: Record<string, unknown>; occurredAt: Date; key: string },
) => Promise<number>;

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
export function createOrderActionsService(deps: {
  db: Db;
  clock: Clock;
  timeline: TimelineService;
  events: EventBus;
  publish?: ActionPublisher;
}) {
  /**
   * In the action's transaction, so the event exists exactly when the change does. The input goes
   * with it (the new address, the lines to return): the order system needs it to act.
   */
  async function publishAction(
    tx: Db,
    ctx: ActionContext,
    spec: ActionSpec<Record<string, unknown>>,
    result: Record<string, unknown>,
  ): Promise<WriteBack> {
    if (!deps.publish) return "performed";
    const data = {
      action: spec.tool,
      orderNumber: spec.orderNumber,
      input: spec.input,
      result,
      requestId: ctx.requestId ?? null,
      caseId: ctx.caseId ?? null,
      customerId: ctx.customerId,
    };
    const key = `${spec.tool}:${ctx.requestId ?? newId("action", ctx.now.getTime())}`;
    const at = { occurredAt: ctx.now, key, data };
    if ((await deps.publish(tx, ctx.workspaceId, { type: "order.action_requested", ...at })) > 0) return "requested";
    await deps.publish(tx, ctx.workspaceId, { type: "order.action_performed", ...at });
    return "performed";
  }

  /**
   * An action on an order held by the retailer's system. The policy check runs on the order as
   * that system reports it; with an action endpoint the change counts only once the system
   * accepted it (and its refusal is passed on), without one it is published as
   * order.action_requested — refused when no endpoint would receive it, since nobody would act.
   */
  async function executeRemote<T extends Record<string, unknown>>(
    ctx: ActionContext,
    spec: ActionSpec<T>,
    remote: NonNullable<ActionContext["remote"]>,
  ): Promise<ActionOutcome<T>> {
    const inputHash = contentHash({ tool: spec.tool, input: spec.input });
    const repo = ordersRepository(deps.db);
    if (ctx.requestId) {
      const previous = await repo.findRequest(ctx.workspaceId, ctx.requestId);
      if (previous) return replay<T>(previous, spec.tool, inputHash);
    }
    const order = await remote.orders.getOrder(ctx.workspaceId, spec.orderNumber);
    const keys = { customerEmail: order?.customer.email?.toLowerCase() ?? null, customerRef: order?.customer.externalId ?? null };
    if (!order || !ownsOrder(keys, ctx.owner)) return { ok: false, error: orderNotFound(spec.orderNumber) };
    const refusal = spec.check(order);
    if (refusal) return { ok: false, error: refusal };
    const change = spec.apply(order);
    const key = `${spec.tool}:${ctx.requestId ?? newId("action", ctx.now.getTime())}`;
    let writeBack: WriteBack = "requested";
    let reference: string | undefined;
    if (remote.target.supports(spec.tool)) {
      const body = { action: spec.tool, orderNumber: order.number, input: spec.input, requestId: ctx.requestId ?? null };
      const answer = await remote.target.perform(spec.tool, order.number, body, key);
      if (!answer.accepted) {
        return { ok: false, error: { code: "ORDERS_ACTION_REFUSED", message: `the order system refused: ${answer.message}` } };
      }
      writeBack = "performed";
      reference = answer.reference;
    }
    const result = { ...change.result, ...(reference ? { returnId: reference } : {}), writeBack } as unknown as T;
    const data = { action: spec.tool, orderNumber: order.number, input: spec.input, result, requestId: ctx.requestId ?? null, caseId: ctx.caseId ?? null, customerId: ctx.customerId };
    const type = writeBack === "performed" ? "order.action_performed" : "order.action_requested";
    const stored = await deps.db
      .transaction(async (tx): Promise<ActionOutcome<T>> => {
        const receivers = deps.publish ? await deps.publish(tx, ctx.workspaceId, { type, data, occurredAt: ctx.now, key }) : 0;
        if (writeBack === "requested" && receivers === 0) {
          return {
            ok: false,
            error: {
              code: "ACTIONS_UNSUPPORTED",
              message: "the retailer's order system has no endpoint for this action and no webhook receives order.action_requested; hand over to a person",
            },
          };
        }
        await deps.timeline.append(
          {
            workspaceId: ctx.workspaceId,
            customerId: ctx.customerId,
            caseId: ctx.caseId ?? null,
            channel: ctx.channel ?? null,
            kind: writeBack === "performed" ? change.timeline.kind : `${change.timeline.kind}.requested`,
            refId: order.number,
            summary: writeBack === "performed" ? change.timeline.summary : `Requested: ${change.timeline.summary}`,
            data: { ...change.timeline.data, writeBack, requestId: ctx.requestId ?? null, actor: ctx.actor ?? null },
            occurredAt: ctx.now,
          },
          tx,
        );
        await recordRequest(tx, ctx, spec.tool, inputHash, result);
        return { ok: true, data: result, replayed: false };
      })
      .catch(async (error: unknown) => {
        if (!(error instanceof DuplicateRequestError) || !ctx.requestId) throw error;
        const previous = await repo.findRequest(ctx.workspaceId, ctx.requestId);
        if (!previous) throw error;
        return replay<T>(previous, spec.tool, inputHash);
      });
    if (stored.ok && !stored.replayed) {
      deps.events.emit({ name: change.event.name, workspaceId: ctx.workspaceId, occurredAt: ctx.now, payload: { ...change.event.payload, writeBack } });
    }
    return stored;
  }

  return {
    async execute<T extends Record<string, unknown>>(ctx: ActionContext, spec: ActionSpec<T>): Promise<ActionOutcome<T>> {
      if (ctx.remote) return executeRemote(ctx, spec, ctx.remote);
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
        await repo.replaceDoc(ctx.workspaceId, row.id, change.doc, contentHash(change.doc), ctx.now);
        const writeBack = await publishAction(tx, ctx, spec, { ...change.result, ...(returnId ? { returnId } : {}) });
        const result = { ...change.result, ...(returnId ? { returnId } : {}), writeBack } as unknown as T;
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
        await recordRequest(tx, ctx, spec.tool, inputHash, result);
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

/** Stores the result under the request id; a concurrent duplicate got there first when it cannot. */
async function recordRequest(tx: Db, ctx: ActionContext, tool: string, inputHash: string, result: Record<string, unknown>) {
  if (!ctx.requestId) return;
  const stored = await ordersRepository(tx).insertRequest({
    workspaceId: ctx.workspaceId,
    requestId: ctx.requestId,
    tool,
    inputHash,
    result,
    createdAt: ctx.now,
  });
  // Failing the transaction undoes ours; the caller answers with the first result.
  if (!stored) throw new DuplicateRequestError();
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
