import type { Order } from "../../../connectors";
import type { ShippingPolicy } from "../../../policies";
import { addBusinessDays } from "./add-business-days";
import { transitFor } from "./shipping-method";

export type DeliveryEstimate = {
  /** Earliest and latest expected delivery (ISO instants); equal when a carrier gave one date. */
  from: string;
  to: string;
  basis: "delivered" | "carrier_estimate" | "promised" | "policy_transit_days";
  /** True when the dates are our own estimate from the policy's usual transit days. */
  estimated: boolean;
  /** What a policy estimate counts from: the dispatch, or today for an order not shipped yet. */
  countedFrom: "shipped" | "today" | null;
  promisedBy: string | null;
  /** The promise or the expected date has passed without a delivery. */
  late: boolean;
  /** How to state a policy estimate so it reads as one; null for dates the data holds. */
  note: string | null;
  /** The policy's usual transit days a policy estimate was counted with. */
  transit?: { method: string; minDays: number; maxDays: number };
};

export type OrderView = Order & {
  statusText: string;
  lastTrackingEvent: { at: string; status: string; description: string; location?: string } | null;
  delivery: DeliveryEstimate | null;
  trackingNumbers: string[];
};

const day = (iso: string) => iso.slice(0, 10);

export function lastTrackingEvent(order: Order): OrderView["lastTrackingEvent"] {
  const events = order.fulfilments.flatMap((f) => f.events);
  if (events.length === 0) return null;
  return events.reduce((latest, event) => (Date.parse(event.at) > Date.parse(latest.at) ? event : latest));
}

const past = (iso: string | null | undefined, now: Date) => Boolean(iso) && Date.parse(iso ?? "") < now.getTime();

/** When a parcel left: a dispatch time, or a carrier status that means it is moving. */
function shippedAtOf(order: Order): string | undefined {
  return order.fulfilments
    .map((f) => f.shippedAt)
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1);
}

/**
 * Expected delivery from the data: the delivery itself, the carrier's estimate, the promise, or
 * dispatch + the policy's transit days for the order's method. An order not shipped yet gets a
 * window counted from today only as a labelled estimate; a delivered order without a recorded date
 * gets none, since any date would be invented.
 */
export function deliveryEstimate(order: Order, shipping: ShippingPolicy, now: Date): DeliveryEstimate | null {
  if (order.status === "cancelled") return null;
  const promisedBy = order.promisedDeliveryAt ?? null;
  const delivered = order.deliveredAt ?? order.fulfilments.find((f) => f.deliveredAt)?.deliveredAt;
  const known = { estimated: false, countedFrom: null, note: null, promisedBy } as const;
  if (order.status === "delivered") {
    if (!delivered) return null;
    return { ...known, from: delivered, to: delivered, basis: "delivered", late: promisedBy ? delivered > promisedBy : false };
  }
  const late = (to: string) => past(to, now) || past(promisedBy, now);
  if (order.estimatedDeliveryAt) {
    const at = order.estimatedDeliveryAt;
    return { ...known, from: at, to: at, basis: "carrier_estimate", late: late(at) };
  }
  if (promisedBy) return { ...known, from: promisedBy, to: promisedBy, basis: "promised", late: late(promisedBy) };
  const method = transitFor(order.shippingMethod, shipping);
  if (!method) return null;
  const shippedAt = shippedAtOf(order);
  // Not yet dispatched: count from today, one business day to hand over to the carrier.
  const base = shippedAt ? new Date(shippedAt) : addBusinessDays(now, 1);
  const from = addBusinessDays(base, method.transit.min).toISOString();
  const to = addBusinessDays(base, method.transit.max).toISOString();
  const countedFrom = shippedAt ? "shipped" : "today";
  const note = `This is an estimate from our usual ${method.method} shipping times (${method.transit.min}–${method.transit.max} business days${shippedAt ? " from dispatch" : " once it ships"}), not a date from the carrier.`;
  const transit = { method: method.method, minDays: method.transit.min, maxDays: method.transit.max };
  return { from, to, basis: "policy_transit_days", estimated: true, countedFrom, promisedBy: null, late: late(to), note, transit };
}

const window = (d: DeliveryEstimate) => (d.from === d.to ? `on ${day(d.to)}` : `between ${day(d.from)} and ${day(d.to)}`);

/** "It was promised by … and is running late." — the date that passed, named for what it was. */
function lateSentence(delivery: DeliveryEstimate | null, now: Date): string {
  if (!delivery?.late) return "";
  if (delivery.promisedBy && past(delivery.promisedBy, now)) return ` It was promised by ${day(delivery.promisedBy)} and is running late.`;
  const what = delivery.basis === "carrier_estimate" ? "The carrier expected to deliver it" : "We expected it to arrive";
  return ` ${what} by ${day(delivery.to)}, so it is running late.`;
}

/** For an order not shipped yet: no date, only the usual transit time once it ships. */
export function notShippedSentence(delivery: Pick<DeliveryEstimate, "transit">): string {
  const t = delivery.transit;
  const usual = t ? ` Our ${t.method} shipping usually takes ${t.minDays}–${t.maxDays} business days once an order ships.` : "";
  return `It hasn't shipped yet, so I don't have a delivery date for it.${usual}`;
}

function expectedSentence(delivery: DeliveryEstimate | null): string {
  if (!delivery || delivery.late) return "";
  // Not shipped: any date would be counted from today, which the data does not hold.
  if (delivery.countedFrom === "today") return ` ${notShippedSentence(delivery)}`;
  if (delivery.estimated) return ` Estimated delivery ${window(delivery)}. ${delivery.note ?? ""}`.trimEnd();
  return ` Expected ${window(delivery)}.`;
}

/** One or two sentences a shopper understands, built only from the order's own data. */
export function describeOrderStatus(order: Order, delivery: DeliveryEstimate | null, now: Date): string {
  const event = lastTrackingEvent(order);
  const returned = order.lines.reduce((sum, line) => sum + line.returnedQuantity, 0);
  const returnedText = returned > 0 ? ` ${returned} item${returned === 1 ? " has" : "s have"} been returned.` : "";
  const lateText = lateSentence(delivery, now);
  const carrier = order.fulfilments.find((f) => f.carrier)?.carrier;
  const tracking = order.fulfilments.flatMap((f) => f.trackingNumbers)[0];
  const moving = Boolean(shippedAtOf(order)) || order.fulfilments.some((f) => f.status === "in_transit" || f.status === "out_for_delivery");
  const status = (order.status === "pending" || order.status === "processing") && moving ? "shipped" : order.status;
  switch (status) {
    case "pending":
    case "processing": {
      const opening = status === "pending" ? "has been received and is waiting to be processed" : "is being prepared";
      // A tracking number before any carrier scan means a label exists: say that, not "not shipped".
      if (tracking) {
        return `Order ${order.number} ${opening}. A shipping label has been created${carrier ? ` with ${carrier}` : ""} (tracking ${tracking}); the carrier has not reported it moving yet.${lateText}`;
      }
      return `Order ${order.number} ${opening}${status === "processing" ? " and has not shipped yet" : ""}.${lateText}`;
    }
    case "shipped": {
      const via = carrier ? ` with ${carrier}${tracking ? ` (tracking ${tracking})` : ""}` : tracking ? ` (tracking ${tracking})` : "";
      const latest = event ? ` Latest update ${day(event.at)}: ${event.description}${event.location ? `, ${event.location}` : ""}.` : "";
      return `Order ${order.number} is on its way${via}.${latest}${expectedSentence(delivery)}${lateText}`;
    }
    case "delivered": {
      const at = order.deliveredAt ?? (delivery?.basis === "delivered" ? delivery.to : undefined);
      if (!at) return `Order ${order.number} is marked as delivered, but I don't have a delivery date for this order.${returnedText}`;
      return `Order ${order.number} was delivered on ${day(at)}.${returnedText}`;
    }
    case "cancelled":
      return `Order ${order.number} was cancelled${order.cancelledAt ? ` on ${day(order.cancelledAt)}` : ""}.`;
    default:
      return `Order ${order.number} is ${order.status}.`;
  }
}

export function toOrderView(order: Order, shipping: ShippingPolicy, now: Date): OrderView {
  const delivery = deliveryEstimate(order, shipping, now);
  return {
    ...order,
    statusText: describeOrderStatus(order, delivery, now),
    lastTrackingEvent: lastTrackingEvent(order),
    delivery,
    trackingNumbers: order.fulfilments.flatMap((f) => f.trackingNumbers),
  };
}
