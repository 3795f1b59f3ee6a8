import type { ActionOutcome, OrderActionTarget, OrderOwnerKeys, OrderSystem } from "../../connectors";
import { resolveScope, type RetailToolDeps } from "./retail-tool-deps";
import { fail, type ToolContext, type ToolFailure, type ToolResult } from "./tool";

export type ActionScope = {
  customerId: string;
  owner: OrderOwnerKeys;
  /** The retailer's own order system, when the workspace reads orders from it. */
  remote?: { orders: OrderSystem; target: OrderActionTarget };
};

/** Actions always act for a verified customer, and only through a connector that can write. */
export async function actionScope(deps: RetailToolDeps, ctx: ToolContext): Promise<ToolResult<ActionScope>> {
  const scope = await resolveScope(deps, ctx);
  if (!scope.ok) return scope;
  if (scope.data.kind !== "customer") {
    return fail({ code: "ACTIONS_CUSTOMER_REQUIRED", message: "actions are taken for a verified customer; pass the customer's id" });
  }
  const connectors = await deps.connectors.forWorkspace(ctx.workspaceId);
  const base = { customerId: scope.data.customerId, owner: scope.data.owner };
  if (connectors.kind === "builtin") return { ok: true, data: base };
  if (!connectors.actions) {
    return fail({
      code: "ACTIONS_UNSUPPORTED",
      message: "this workspace reads orders from the retailer's own system, which Throughline cannot change; hand over to a person",
    });
  }
  return { ok: true, data: { ...base, remote: { orders: connectors.orders, target: connectors.actions } } };
}

export function actionContext(ctx: ToolContext, scope: ActionScope) {
  return {
    workspaceId: ctx.workspaceId,
    customerId: scope.customerId,
    owner: scope.owner,
    requestId: ctx.requestId,
    caseId: ctx.caseId,
    channel: ctx.channel,
    actor: ctx.actor,
    now: ctx.now,
    remote: scope.remote,
  };
}

export type ActionResultMeta = {
  replayed: boolean;
  /** `requested`: the retailer's order system applies it from an outbound event; not done yet. */
  writeBack?: "requested" | "performed";
};

export function fromOutcome<T>(outcome: ActionOutcome<T>, source?: ToolFailure["source"]): ToolResult<T & ActionResultMeta> {
  if (!outcome.ok) return fail({ ...outcome.error, ...(outcome.error.rule && source ? { source } : {}) });
  return { ok: true, data: { ...outcome.data, replayed: outcome.replayed } };
}

export const refusal = (code: string, rule: { id: string; description: string; params?: Record<string, unknown> }) => ({
  code,
  message: `refused by rule ${rule.id}: ${rule.description}`,
  rule,
});
