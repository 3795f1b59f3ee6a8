import { z } from "zod";
import { addressRecord, normalisePostalCodeFor, type Address } from "../../connectors";
import { actionContext, actionScope, fromOutcome, refusal, type ActionResultMeta } from "./action-support";
import { addressChangeRefusals } from "./lib/policy-rules";
import { orderNumberInput } from "./order-lookup";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { fail, type Tool } from "./tool";

const input = z.strictObject({ orderNumber: orderNumberInput, address: addressRecord });

export type OrderChangeAddressOutput = { orderNumber: string; shippingAddress: Address; previousAddress: Address | null } & ActionResultMeta;

/** Changes the shipping address of an order that has not shipped yet. */
export function orderChangeAddressTool(deps: RetailToolDeps): Tool<z.output<typeof input>, OrderChangeAddressOutput> {
  return {
    name: "order.changeAddress",
    description: "Change the shipping address of an order before it ships. Refused with the rule that applies otherwise.",
    input,
    requiresVerifiedCustomer: true,
    mutates: true,
    run: (ctx, args) =>
      guarded(async () => {
        const postalCode = normalisePostalCodeFor(args.address.country, args.address.postalCode);
        if (!postalCode) {
          return fail({ code: "LOCATION_POSTAL_CODE_INVALID", message: `"${args.address.postalCode}" is not a valid ${args.address.country} postal code` });
        }
        const scope = await actionScope(deps, ctx);
        if (!scope.ok) return scope;
        const policy = await deps.policies.orderChangePolicy(ctx.workspaceId, ctx.now);
        const address = { ...args.address, postalCode: args.address.postalCode.trim().toUpperCase() };
        const outcome = await deps.actions.execute(actionContext(ctx, scope.data), {
          tool: "order.changeAddress",
          input: args,
          orderNumber: args.orderNumber,
          check: (order) => {
            const [rule] = addressChangeRefusals(order, policy.value);
            return rule ? refusal("ORDERS_ADDRESS_CHANGE_REFUSED", rule) : null;
          },
          apply: (order) => ({
            doc: { ...order, shippingAddress: address },
            result: { orderNumber: order.number, shippingAddress: address, previousAddress: order.shippingAddress ?? null },
            timeline: {
              kind: "order.address_changed",
              summary: `Shipping address of order ${order.number} changed to ${address.city} ${address.postalCode}`,
              // The previous address stays with the event so the change can be undone.
              data: { previousAddress: order.shippingAddress ?? null, newAddress: address },
            },
            event: { name: "order.address_changed", payload: { orderNumber: order.number } },
          }),
        });
        return fromOutcome(outcome, policy.source ?? undefined);
      }),
  };
}
