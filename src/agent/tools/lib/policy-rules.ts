import type { Order, OrderLine } from "../../../connectors";
import type { OrderChangePolicy, ReturnPolicy } from "../../../policies";

/** A rule that refused an action, with the parameters that made it refuse. */
export type RuleRefusal = { id: string; description: string; params?: Record<string, unknown> };

export const ITEM_CONDITIONS = ["unused", "opened", "damaged"] as const;
export type ItemCondition = (typeof ITEM_CONDITIONS)[number];

const DAY_MS = 86_400_000;

/** Shipped means a parcel left the warehouse: a dispatch time, or any carrier status past "pending". */
export function hasShipped(order: Order): boolean {
  return (
    order.status === "shipped" ||
    order.status === "delivered" ||
    order.fulfilments.some((f) => Boolean(f.shippedAt) || (f.status !== "pending" && f.status !== "failed"))
  );
}

export function cancelRefusals(order: Order, policy: OrderChangePolicy): RuleRefusal[] {
  if (order.status === "cancelled") {
    return [{ id: "orders.cancel.already_cancelled", description: "The order is already cancelled." }];
  }
  const refusals: RuleRefusal[] = [];
  if (hasShipped(order)) {
    refusals.push({ id: "orders.cancel.shipped", description: "An order can only be cancelled before it ships.", params: { status: order.status } });
  } else if (!policy.cancellableStatuses.includes(order.status)) {
    refusals.push({
      id: "orders.cancel.status",
      description: `Orders can be cancelled only while ${policy.cancellableStatuses.join(" or ")}.`,
      params: { status: order.status, allowed: policy.cancellableStatuses },
    });
  }
  return refusals;
}

export function addressChangeRefusals(order: Order, policy: OrderChangePolicy): RuleRefusal[] {
  if (hasShipped(order)) {
    return [{ id: "orders.address.shipped", description: "The shipping address can only change before the order ships.", params: { status: order.status } }];
  }
  if (!policy.addressChangeStatuses.includes(order.status)) {
    return [
      {
        id: "orders.address.status",
        description: `The shipping address can change only while the order is ${policy.addressChangeStatuses.join(" or ")}.`,
        params: { status: order.status, allowed: policy.addressChangeStatuses },
      },
    ];
  }
  return [];
}

export type LineEligibility = {
  lineId: string;
  sku: string;
  title: string;
  eligible: boolean;
  returnableQuantity: number;
  category: string | null;
  windowDays: number;
  /** The line reached the shopper: its status says so, with or without a recorded date. */
  delivered: boolean;
  deliveredAt: string | null;
  windowEndsAt: string | null;
  /** When no delivery date is recorded: the window, stated honestly, without an invented end date. */
  windowNote: string | null;
  restockingFeePercent: number;
  refusals: RuleRefusal[];
};

/** Whether the line reached the shopper: a delivered order, or a delivered fulfilment of the line. */
export function lineDelivered(order: Order, line: OrderLine): boolean {
  return order.status === "delivered" || order.fulfilments.some((f) => f.lineIds.includes(line.id) && (f.status === "delivered" || Boolean(f.deliveredAt)));
}

/** When the line reached the shopper: its fulfilment's delivery, else the order's. */
export function lineDeliveredAt(order: Order, line: OrderLine): string | null {
  const fulfilment = order.fulfilments.find((f) => f.lineIds.includes(line.id) && f.deliveredAt);
  if (fulfilment?.deliveredAt) return fulfilment.deliveredAt;
  return order.status === "delivered" ? (order.deliveredAt ?? null) : null;
}

/** Return (or exchange) eligibility of one order line under the published return policy. */
export function lineEligibility(input: {
  order: Order;
  line: OrderLine;
  product: { category: string; finalSale: boolean } | null;
  policy: ReturnPolicy;
  now: Date;
  condition?: ItemCondition;
  kind: "return" | "exchange";
}): LineEligibility {
  const { order, line, product, policy, now, condition, kind } = input;
  const category = (line.category ?? product?.category ?? "").toLowerCase() || null;
  const windowDays = (category ? policy.categoryWindows[category] : undefined) ?? policy.windowDays;
  const delivered = lineDelivered(order, line);
  const deliveredAt = lineDeliveredAt(order, line);
  const windowEndsAt = deliveredAt ? new Date(Date.parse(deliveredAt) + windowDays * DAY_MS).toISOString() : null;
  const returnableQuantity = Math.max(0, line.quantity - line.returnedQuantity);
  const refusals: RuleRefusal[] = [];

  if (kind === "exchange" && !policy.exchangesAllowed) {
    refusals.push({ id: "exchanges.not_offered", description: "Exchanges are not offered; return the item for a refund instead." });
  }
  if (order.status === "cancelled") {
    refusals.push({ id: "returns.order_cancelled", description: "The order was cancelled, so there is nothing to return." });
  } else if (!delivered) {
    refusals.push({ id: "returns.not_delivered", description: "Items can be returned only after they are delivered.", params: { status: order.status } });
  }
  if (line.finalSale || product?.finalSale || (category !== null && policy.finalSaleCategories.includes(category))) {
    refusals.push({ id: "returns.final_sale", description: "Final-sale items cannot be returned or exchanged.", params: { category } });
  }
  if (returnableQuantity === 0) {
    refusals.push({ id: "returns.already_returned", description: "This item has already been returned.", params: { returnedQuantity: line.returnedQuantity } });
  }
  if (windowEndsAt && Date.parse(windowEndsAt) < now.getTime()) {
    refusals.push({
      id: "returns.window_closed",
      description: `Returns are accepted within ${windowDays} days of delivery.`,
      params: { windowDays, deliveredAt, windowEndsAt, category },
    });
  }
  if (policy.requiresUnused && condition && condition !== "unused") {
    refusals.push({
      id: "returns.condition",
      description: "Items must be unused, with their tags, to be returned.",
      params: { condition },
    });
  }
  return {
    lineId: line.id,
    sku: line.sku,
    title: line.title,
    eligible: refusals.length === 0,
    returnableQuantity,
    category,
    windowDays,
    delivered,
    deliveredAt,
    windowEndsAt,
    windowNote:
      delivered && !deliveredAt
        ? `Returns are accepted within ${windowDays} days of delivery; this order has no delivery date on record, so the exact last day cannot be given.`
        : null,
    restockingFeePercent: policy.restockingFeePercent,
    refusals,
  };
}
