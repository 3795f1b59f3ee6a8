import { z } from "zod";
import type { Order, WorkspaceConnectors } from "../../connectors";
import type { PolicyRef } from "../../policies";
import { ITEM_CONDITIONS, lineEligibility, type LineEligibility } from "./lib/policy-rules";
import { orderNumberInput } from "./order-lookup";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { loadScopedOrder } from "./scoped-order";
import { fail, ok, type Tool } from "./tool";

const input = z.strictObject({
  orderNumber: orderNumberInput,
  lineIds: z.array(z.string().trim().min(1).max(64)).max(100).optional().describe("Only these lines; all lines when absent"),
  condition: z.enum(ITEM_CONDITIONS).optional().describe("The item's condition as the shopper describes it"),
  kind: z.enum(["return", "exchange"]).default("return"),
});

export type ReturnsEligibilityOutput = { orderNumber: string; lines: LineEligibility[]; policySource: PolicyRef };

/** Category and final-sale flag of each line's product, read from the catalogue. */
export async function productFacts(connectors: WorkspaceConnectors, workspaceId: string, order: Order) {
  const facts = new Map<string, { category: string; finalSale: boolean }>();
  for (const line of order.lines) {
    if (facts.has(line.sku)) continue;
    const variant = await connectors.catalogue.getVariant(workspaceId, line.sku);
    if (variant) facts.set(line.sku, { category: variant.product.category, finalSale: variant.product.finalSale });
  }
  return facts;
}

/** Per line: can it be returned (or exchanged) now, and if not, which published rule says no. */
export function returnsEligibilityTool(deps: RetailToolDeps): Tool<z.output<typeof input>, ReturnsEligibilityOutput> {
  return {
    name: "returns.eligibility",
    description: "Check, per order line, whether it can be returned or exchanged under the published return policy (window, condition, final sale, already returned).",
    input,
    requiresVerifiedCustomer: true,
    mutates: false,
    run: (ctx, args) =>
      guarded(async () => {
        const found = await loadScopedOrder(deps, ctx, args.orderNumber);
        if (!found.ok) return found;
        const { order, connectors } = found.data;
        const unknown = (args.lineIds ?? []).find((id) => !order.lines.some((line) => line.id === id));
        if (unknown) return fail({ code: "ORDERS_LINE_NOT_FOUND", message: `order ${order.number} has no line ${unknown}` });
        const policy = await deps.policies.returnPolicy(ctx.workspaceId, ctx.now);
        const facts = await productFacts(connectors, ctx.workspaceId, order);
        const lines = order.lines
          .filter((line) => !args.lineIds || args.lineIds.includes(line.id))
          .map((line) =>
            lineEligibility({
              order,
              line,
              product: facts.get(line.sku) ?? null,
              policy: policy.value,
              now: ctx.now,
              condition: args.condition,
              kind: args.kind,
            }),
          );
        return ok({ orderNumber: order.number, lines, policySource: policy.source });
      }),
  };
}
