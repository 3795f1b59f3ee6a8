import type { Order, WorkspaceConnectors } from "../../connectors";
import { orderNotFound, resolveScope, type DataScope, type RetailToolDeps } from "./retail-tool-deps";
import type { ToolContext, ToolResult } from "./tool";

/** The order if it exists and is the scoped customer's; anything else is "not found", never "forbidden". */
export async function loadScopedOrder(
  deps: RetailToolDeps,
  ctx: ToolContext,
  number: string,
): Promise<ToolResult<{ order: Order; scope: DataScope; connectors: WorkspaceConnectors }>> {
  const scope = await resolveScope(deps, ctx);
  if (!scope.ok) return scope;
  const connectors = await deps.connectors.forWorkspace(ctx.workspaceId);
  const order = await connectors.orders.getOrder(ctx.workspaceId, number);
  if (!order) return orderNotFound(number);
  if (scope.data.kind === "customer") {
    const { owner } = scope.data;
    const email = order.customer.email?.toLowerCase();
    const mine =
      (email !== undefined && owner.emails.includes(email)) ||
      (order.customer.externalId !== undefined && owner.externalIds.includes(order.customer.externalId));
    if (!mine) return orderNotFound(number);
  }
  return { ok: true, data: { order, scope: scope.data, connectors } };
}
