import { z } from "zod";
import type { Order } from "../../connectors";
import { actionContext, actionScope, fromOutcome, refusal, type ActionResultMeta } from "./action-support";
import { ITEM_CONDITIONS, lineEligibility } from "./lib/policy-rules";
import { orderNumberInput } from "./order-lookup";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { productFacts } from "./returns-eligibility";
import { loadScopedOrder } from "./scoped-order";
import { fail, type ToolContext, type ToolResult } from "./tool";

const lineId = z.string().trim().min(1).max(64);
const quantity = z.number().int().min(1, "quantity must be at least 1").max(1000);

export const returnInput = z.strictObject({
  orderNumber: orderNumberInput,
  lines: z.array(z.strictObject({ lineId, quantity: quantity.default(1) })).min(1).max(100),
  reason: z.string().trim().min(1).max(500),
  condition: z.enum(ITEM_CONDITIONS).default("unused"),
});

export const exchangeInput = z.strictObject({
  orderNumber: orderNumberInput,
  lines: z
    .array(z.strictObject({ lineId, quantity: quantity.default(1), newSku: z.string().trim().min(1).max(64) }))
    .min(1)
    .max(100),
  reason: z.string().trim().min(1).max(500),
  condition: z.enum(ITEM_CONDITIONS).default("unused"),
});

export type ReturnRequestOutput = {
  returnId: string;
  kind: "return" | "exchange";
  orderNumber: string;
  lines: { lineId: string; sku: string; quantity: number; newSku?: string }[];
  refundAmount: number;
  /** Exchanges: what the shopper pays (positive) or gets back (negative) for the new variants. */
  priceDifference: number;
} & ActionResultMeta;

type RequestLine = { lineId: string; quantity: number; newSku?: string };

/** Shared by returns.create and exchanges.create: policy-checked on the locked order, then written once. */
export async function createReturnRequest(
  deps: RetailToolDeps,
  ctx: ToolContext,
  kind: "return" | "exchange",
  args: { orderNumber: string; lines: RequestLine[]; reason: string; condition: (typeof ITEM_CONDITIONS)[number] },
): Promise<ToolResult<ReturnRequestOutput>> {
  return guarded(async () => {
    const scope = await actionScope(deps, ctx);
    if (!scope.ok) return scope;
    const found = await loadScopedOrder(deps, ctx, args.orderNumber);
    if (!found.ok) return found;
    const { connectors } = found.data;
    const facts = await productFacts(connectors, ctx.workspaceId, found.data.order);
    const newPrices = new Map<string, number>();
    if (kind === "exchange") {
      for (const [index, requested] of args.lines.entries()) {
        const line = found.data.order.lines.find((l) => l.id === requested.lineId);
        if (!line || !requested.newSku) continue;
        const original = await connectors.catalogue.getVariant(ctx.workspaceId, line.sku);
        const replacement = await connectors.catalogue.getVariant(ctx.workspaceId, requested.newSku);
        if (!replacement) {
          return fail({ code: "PRODUCTS_VARIANT_NOT_FOUND", message: `lines.${index}.newSku: no product variant with SKU ${requested.newSku}` });
        }
        if (!original || original.product.id !== replacement.product.id) {
          return fail({
            code: "EXCHANGES_REFUSED",
            message: "refused by rule exchanges.same_product: an item can only be exchanged for another variant of the same product",
            rule: { id: "exchanges.same_product", description: "An item can only be exchanged for another variant (size, colour) of the same product.", params: { sku: line.sku, newSku: requested.newSku } },
          });
        }
        if (!replacement.available) {
          return fail({ code: "INVENTORY_OUT_OF_STOCK", message: `${replacement.product.title} (${replacement.sku}) is not available` });
        }
        newPrices.set(requested.newSku, replacement.price);
      }
    }
    const policy = await deps.policies.returnPolicy(ctx.workspaceId, ctx.now);
    const code = kind === "return" ? "RETURNS_REFUSED" : "EXCHANGES_REFUSED";
    const outcome = await deps.actions.execute(actionContext(ctx, scope.data), {
      tool: kind === "return" ? "returns.create" : "exchanges.create",
      input: args,
      orderNumber: args.orderNumber,
      check: (order: Order) => {
        for (const requested of args.lines) {
          const line = order.lines.find((l) => l.id === requested.lineId);
          if (!line) return { code: "ORDERS_LINE_NOT_FOUND", message: `order ${order.number} has no line ${requested.lineId}` };
          const eligibility = lineEligibility({
            order,
            line,
            product: facts.get(line.sku) ?? null,
            policy: policy.value,
            now: ctx.now,
            condition: args.condition,
            kind,
          });
          const [rule] = eligibility.refusals;
          if (rule) return refusal(code, { ...rule, params: { ...rule.params, lineId: line.id } });
          if (requested.quantity > eligibility.returnableQuantity) {
            return refusal(code, {
              id: "returns.quantity",
              description: `Only ${eligibility.returnableQuantity} of this item can still be returned.`,
              params: { lineId: line.id, requested: requested.quantity, returnable: eligibility.returnableQuantity },
            });
          }
        }
        return null;
      },
      apply: (order: Order) => {
        const wanted = new Map(args.lines.map((l) => [l.lineId, l]));
        const returnLines = args.lines.map((requested) => {
          const line = order.lines.find((l) => l.id === requested.lineId);
          return { lineId: requested.lineId, sku: line?.sku ?? "", quantity: requested.quantity, ...(requested.newSku ? { newSku: requested.newSku } : {}) };
        });
        const value = args.lines.reduce((sum, requested) => {
          const line = order.lines.find((l) => l.id === requested.lineId);
          return sum + (line ? line.unitPrice * requested.quantity : 0);
        }, 0);
        const fee = policy.value.restockingFeePercent / 100;
        const refundAmount = kind === "return" ? Math.round(value * (1 - fee) * 100) / 100 : 0;
        const priceDifference =
          kind === "exchange"
            ? Math.round(args.lines.reduce((sum, r) => sum + (newPrices.get(r.newSku ?? "") ?? 0) * r.quantity, 0) * 100) / 100 - Math.round(value * 100) / 100
            : 0;
        const doc: Order = {
          ...order,
          lines: order.lines.map((line) => {
            const requested = wanted.get(line.id);
            return requested ? { ...line, returnedQuantity: line.returnedQuantity + requested.quantity } : line;
          }),
        };
        const items = returnLines.map((l) => `${l.quantity}× ${l.sku}${l.newSku ? ` → ${l.newSku}` : ""}`).join(", ");
        return {
          doc,
          result: { kind, orderNumber: order.number, lines: returnLines, refundAmount, priceDifference: Math.round(priceDifference * 100) / 100 },
          timeline: {
            kind: kind === "return" ? "return.created" : "exchange.created",
            summary: `${kind === "return" ? "Return" : "Exchange"} requested for order ${order.number}: ${items}`,
            data: { lines: returnLines, reason: args.reason, condition: args.condition, refundAmount },
          },
          event: { name: kind === "return" ? "return.created" : "exchange.created", payload: { orderNumber: order.number } },
          returnRow: { kind, lines: returnLines, reason: args.reason, refundAmount },
        };
      },
    });
    return fromOutcome(outcome as Parameters<typeof fromOutcome<Omit<ReturnRequestOutput, "replayed">>>[0], policy.source ?? undefined);
  });
}
