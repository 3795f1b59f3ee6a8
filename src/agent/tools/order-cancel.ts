import { z } from "zod";
import { actionContext, actionScope, fromOutcome, refusal, type ActionResultMeta } from "./action-support";
import { cancelRefusals } from "./lib/policy-rules";
import { orderNumberInput } from "./order-lookup";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import type { Tool } from "./tool";

const input = z.strictObject({
  orderNumber: orderNumberInput,
  reason: z.string().trim().min(1).max(500).default("customer request"),
});

export type OrderCancelOutput = {
  orderNumber: string;
  status: "cancelled";
  cancelledAt: string;
  /** Captured money returned to the shopper. */
  refundAmount: number;
  /** A card hold released: no money had been taken, so none is refunded. */
  authorisationReleasedAmount: number;
} & ActionResultMeta;

const cents = (amount: number) => Math.round(amount * 100) / 100;

/** Cancels an order that has not shipped yet, as the order-change policy allows. */
export function orderCancelTool(deps: RetailToolDeps): Tool<z.output<typeof input>, OrderCancelOutput> {
  return {
    name: "order.cancel",
    description: "Cancel an order that has not shipped yet. Refused with the rule that applies otherwise.",
    input,
    requiresVerifiedCustomer: true,
    mutates: true,
    run: (ctx, args) =>
      guarded(async () => {
        const scope = await actionScope(deps, ctx);
        if (!scope.ok) return scope;
        const policy = await deps.policies.orderChangePolicy(ctx.workspaceId, ctx.now);
        const outcome = await deps.actions.execute(actionContext(ctx, scope.data), {
          tool: "order.cancel",
          input: args,
          orderNumber: args.orderNumber,
          check: (order) => {
            const [rule] = cancelRefusals(order, policy.value);
            return rule ? refusal("ORDERS_CANCEL_REFUSED", rule) : null;
          },
          apply: (order) => {
            const cancelledAt = ctx.now.toISOString();
            // Only captured money is refunded; a card authorisation is released, and calling that
            // a refund would tell the shopper money moved that never did.
            const sum = (ps: { amount: number }[]) => ps.reduce((total, p) => total + p.amount, 0);
            const captured = sum(order.payments.filter((p) => p.status !== "authorized"));
            const authorised = sum(order.payments.filter((p) => p.status === "authorized"));
            const refundAmount = Math.max(0, cents(captured - sum(order.refunds)));
            const releasedAmount = cents(authorised);
            return {
              doc: {
                ...order,
                status: "cancelled",
                cancelledAt,
                refunds: refundAmount > 0 ? [...order.refunds, { amount: refundAmount, reason: args.reason, lineIds: [], at: cancelledAt }] : order.refunds,
              },
              result: { orderNumber: order.number, status: "cancelled" as const, cancelledAt, refundAmount, authorisationReleasedAmount: releasedAmount },
              timeline: {
                kind: "order.cancelled",
                summary: `Order ${order.number} cancelled: ${args.reason}`,
                data: { reason: args.reason, refundAmount, authorisationReleasedAmount: releasedAmount },
              },
              event: { name: "order.cancelled", payload: { orderNumber: order.number, reason: args.reason } },
            };
          },
        });
        return fromOutcome(outcome, policy.source ?? undefined);
      }),
  };
}
