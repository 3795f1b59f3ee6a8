import type { Order } from "../../../connectors";
import type { ShippingPolicy } from "../../../policies";
import { addBusinessDays } from "./add-business-days";

export type DeliveryEstimate = {
  /** Earliest and latest expected delivery (ISO instants); equal when a carrier gave one date. */
  from: string;
  to: string;
  basis: "delivered" | "carrier_estimate" | "promised" | "policy_transit_days";
  promisedBy: string | null;
  late: boolean;
};

export type OrderView = Order & {
  statusText: string;
  lastTrackingEvent: { at: string; status: string; description: string; location?: string } | null;
  delivery: DeliveryEstimate | null;
  trackingNumbers: string[];
};

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : "an unknown date");

export function lastTrackingEvent(order: Order): OrderView["lastTrackingEvent"] {
  const events = order.fulfilments.flatMap((f) => f.events);
  if (events.length === 0) return null;
  return events.reduce((latest, event) => (Date.parse(event.at) > Date.parse(latest.at) ? event : latest));
}

/** Expected delivery: the carrier's estimate, else the promise, else dispatch + policy transit days. */
export function deliveryEstimate(order: Order, shipping: ShippingPolicy, now: Date): DeliveryEstimate | null {
  if (order.status === "cancelled") return null;
  const promisedBy = order.promisedDeliveryAt ?? null;
  const delivered = order.deliveredAt ?? order.fulfilments.find((f) => f.deliveredAt)?.deliveredAt;
  if (order.status === "delivered" && delivered) {
    return { from: delivered, to: delivered, basis: "delivered", promisedBy, late: promisedBy ? delivered > promisedBy : false };
  }
  const late = (to: string) => Date.parse(promisedBy ?? to) < now.getTime();
  if (order.estimatedDeliveryAt) {
    return { from: order.estimatedDeliveryAt, to: order.estimatedDeliveryAt, basis: "carrier_estimate", promisedBy, late: late(order.estimatedDeliveryAt) };
  }
  if (promisedBy) return { from: promisedBy, to: promisedBy, basis: "promised", promisedBy, late: late(promisedBy) };
  const transit = shipping.transitDays[order.shippingMethod ?? "standard"] ?? shipping.transitDays.standard ?? { min: 3, max: 5 };
  const shippedAt = order.fulfilments.map((f) => f.shippedAt).filter((d): d is string => Boolean(d)).sort().at(-1);
  // Not yet dispatched: count from today (one business day to hand over to the carrier).
  const base = shippedAt ? new Date(shippedAt) : addBusinessDays(now, 1);
  const from = addBusinessDays(base, transit.min).toISOString();
  const to = addBusinessDays(base, transit.max).toISOString();
  return { from, to, basis: "policy_transit_days", promisedBy: null, late: false };
}

/** One or two sentences a shopper understands, built only from the order's own data. */
export function describeOrderStatus(order: Order, delivery: DeliveryEstimate | null): string {
  const event = lastTrackingEvent(order);
  const returned = order.lines.reduce((sum, line) => sum + line.returnedQuantity, 0);
  const returnedText = returned > 0 ? ` ${returned} item${returned === 1 ? " has" : "s have"} been returned.` : "";
  const lateText = delivery?.late && delivery.promisedBy ? ` It was promised by ${day(delivery.promisedBy)} and is running late.` : "";
  switch (order.status) {
    case "pending":
      return `Order ${order.number} has been received and is waiting to be processed.${lateText}`;
    case "processing":
      return `Order ${order.number} is being prepared and has not shipped yet.${lateText}`;
    case "shipped": {
      const carrier = order.fulfilments.find((f) => f.carrier)?.carrier;
      const tracking = order.fulfilments.flatMap((f) => f.trackingNumbers)[0];
      const via = carrier ? ` with ${carrier}${tracking ? ` (tracking ${tracking})` : ""}` : "";
      const latest = event ? ` Latest update ${day(event.at)}: ${event.description}${event.location ? `, ${event.location}` : ""}.` : "";
      const expected = delivery ? ` Expected ${delivery.from === delivery.to ? `on ${day(delivery.to)}` : `between ${day(delivery.from)} and ${day(delivery.to)}`}.` : "";
      return `Order ${order.number} is on its way${via}.${latest}${expected}${lateText}`;
    }
    case "delivered":
      return `Order ${order.number} was delivered on ${day(order.deliveredAt ?? delivery?.to)}.${returnedText}`;
    case "cancelled":
      return `Order ${order.number} was cancelled${order.cancelledAt ? ` on ${day(order.cancelledAt)}` : ""}.`;
  }
}

export function toOrderView(order: Order, shipping: ShippingPolicy, now: Date): OrderView {
  const delivery = deliveryEstimate(order, shipping, now);
  return {
    ...order,
    statusText: describeOrderStatus(order, delivery),
    lastTrackingEvent: lastTrackingEvent(order),
    delivery,
    trackingNumbers: order.fulfilments.flatMap((f) => f.trackingNumbers),
  };
}
