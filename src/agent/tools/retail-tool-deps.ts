import type { ConnectorsService, OrderActionsService, OrderOwnerKeys } from "../../connectors";
import { isAppError } from "../../core/errors";
import type { CustomersService } from "../../customers";
import type { PolicySource } from "../../policies";
import { fail, type ToolContext, type ToolResult } from "./tool";

/** What the retail tools stand on; wired in services.ts. */
export type RetailToolDeps = {
  connectors: ConnectorsService;
  customers: CustomersService;
  policies: PolicySource;
  actions: OrderActionsService;
};

export type DataScope = { kind: "customer"; customerId: string; owner: OrderOwnerKeys } | { kind: "staff" };

export const verificationRequired = () =>
  fail<never>({
    code: "VERIFICATION_REQUIRED",
    message: "the customer must be verified before order details can be shared or changed",
  });

/**
 * Whose data a tool may read: the verified customer's own orders, or — for staff working
 * without a customer — the whole workspace. An unverified customer gets nothing personal,
 * whatever their message claims.
 */
export async function resolveScope(deps: RetailToolDeps, ctx: ToolContext): Promise<ToolResult<DataScope>> {
  if (ctx.verifiedCustomerId) {
    let customer = await deps.customers.get(ctx.workspaceId, ctx.verifiedCustomerId);
    if (customer.mergedIntoId) customer = await deps.customers.get(ctx.workspaceId, customer.mergedIntoId);
    const owner: OrderOwnerKeys = {
      emails: customer.identities.filter((i) => i.kind === "email").map((i) => i.value.toLowerCase()),
      externalIds: customer.identities.filter((i) => i.kind === "external").map((i) => i.value),
    };
    return { ok: true, data: { kind: "customer", customerId: customer.id, owner } };
  }
  if (!ctx.customerId && ctx.actor && ctx.actor.kind !== "ai") return { ok: true, data: { kind: "staff" } };
  return verificationRequired();
}

/** A connector that cannot answer in time becomes a typed "can't check right now" result. */
export async function guarded<T>(run: () => Promise<ToolResult<T>>): Promise<ToolResult<T>> {
  try {
    return await run();
  } catch (error) {
    if (isAppError(error) && error.kind === "unavailable") {
      return fail({
        code: "UPSTREAM_UNAVAILABLE",
        message: error.userMessage ?? "the retail system can't be checked right now; try again shortly",
      });
    }
    if (isAppError(error) && error.kind === "not_found" && error.code === "CUSTOMERS_NOT_FOUND") {
      return verificationRequired();
    }
    throw error;
  }
}

export const orderNotFound = (number: string) =>
  fail<never>({ code: "ORDERS_NOT_FOUND", message: `no order ${number} was found for this customer` });
