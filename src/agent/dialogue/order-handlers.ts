import type { References } from "./lib/resolve-references";
import type { ReplyLine, ReplyPlan, TurnContext } from "./dialogue.types";
import { detail, failed, plan } from "./plans";
import { requireVerified } from "./verification";
import {
  arr,
  describeLines,
  formatDate,
  formatMoney,
  isRec,
  num,
  orderListView,
  orderView,
  pick,
  STATUS_WORDS,
  str,
  type OrderView,
} from "./tool-views";
import type { ToolFailure } from "../tools/tool";
import { notShippedSentence } from "../tools/lib/order-view";

const PROBLEM =
  /\b(damaged|broken|smashed|cracked|wrong (item|size|colou?r|product)|missing|never (arrived|came|received|got)|not (arrived|received)|didn'?t (arrive|receive|get)|stolen|empty box)\b/i;

export function remember(ctx: TurnContext, number: string): void {
  ctx.state.orders = [...ctx.state.orders.filter((n) => n !== number), number].slice(-10);
  ctx.state.order = number;
}

export function toolFailurePlan(ctx: TurnContext, error: ToolFailure, what: string): ReplyPlan {
  if (error.code.endsWith("NOT_FOUND")) {
    // A product is named, not numbered: asking to "check the number" would make no sense to the shopper.
    const again = error.code.startsWith("PRODUCTS_")
      ? "Could you send its name or a link to its page?"
      : "Could you check the number and send it again?";
    return failed(plan("ask", "not_found", [`I couldn't find ${what}. ${again}`]));
  }
  if (error.code === "VERIFICATION_REQUIRED" || error.code.endsWith("FORBIDDEN")) {
    return failed(
      plan("verify", "verification_required", ["I need to confirm it's you before I can look at that."]),
    );
  }
  if (error.rule) {
    return failed(
      plan(
        "refuse",
        `policy:${error.rule.id}`,
        [error.message, detail(`Our policy: ${error.rule.description}`)],
        [error.message, error.rule.description],
      ),
    );
  }
  // Only an unreachable system is reported as one; any other failure is not an outage.
  const outage = /UNAVAILABLE|TIMEOUT|UPSTREAM/.test(error.code);
  return failed(
    plan("answer", `tool_failed:${error.code}`, [
      outage
        ? "I can't reach our order system right now, so I can't check that at the moment. Please try again in a few minutes."
        : `I couldn't look up ${what}. Could you tell me a little more about it?`,
    ]),
  );
}

/** Lists the verified customer's recent orders when they ask about "my order" without a number. */
export async function listRecentOrders(
  ctx: TurnContext,
  intent: string,
  except?: string,
): Promise<ReplyPlan> {
  const result = await ctx.call("order.lookup", { limit: 5 });
  if (!result.ok) return toolFailurePlan(ctx, result.error, "your orders");
  const orders = orderListView(result.data).filter((o) => o.number !== except);
  if (orders.length === 0) {
    return failed(plan("answer", "no_orders_found", ["I can't find any orders on your account."], []));
  }
  if (orders.length === 1 && orders[0]) {
    remember(ctx, orders[0].number);
    return handleOrderQuestion(ctx, { ...emptyRefs(intent), orderNumber: orders[0].number }, intent);
  }
  ctx.state.orders = orders.map((o) => o.number).reverse();
  ctx.state.order = undefined;
  ctx.state.pending = { kind: "slot", intent, need: "order_number" };
  const lines = orders.map(
    (o) =>
      `- Order ${o.number}${o.placedAt ? ` placed ${formatDate(o.placedAt)}` : ""}: ${STATUS_WORDS[o.status] ?? o.status}`,
  );
  return plan(
    "ask",
    "which_order",
    [`You have ${orders.length} recent orders. Which one do you mean?`, detail(lines.join("\n"))],
    orders.flatMap((o) => [o.number, o.status]),
  );
}

const emptyRefs = (intent: string): References => ({
  intent,
  carriedOver: false,
  followUp: false,
  correction: false,
  resolved: {},
});

/** order_status, delivery_window, refund_status, delivery_problem. */
export async function handleOrderQuestion(
  ctx: TurnContext,
  refs: References,
  intent: string,
): Promise<ReplyPlan> {
  const gate = await requireVerified(ctx, refs, intent);
  if (gate) return gate;
  const own = new Set(ctx.customer.identities.map((i) => i.value.toLowerCase()));
  const someoneElse = ctx.understanding.entities.some(
    (e) => e.type === "email" && !own.has(e.value.toLowerCase()),
  );
  if (someoneElse) {
    // An address in the message never selects whose orders are shown.
    const mine = await answerOwnOrder(ctx, refs, intent);
    const note = "I can only share the orders of the account you're signed in with, not anyone else's.";
    return { ...mine, reason: `${mine.reason}:other_person_refused`, lines: [{ text: note }, ...mine.lines] };
  }
  return answerOwnOrder(ctx, refs, intent);
}

async function answerOwnOrder(ctx: TurnContext, refs: References, intent: string): Promise<ReplyPlan> {
  if (refs.otherOrder) return listRecentOrders(ctx, intent, ctx.state.order);
  const number = refs.orderNumber ?? ctx.state.order;
  if (!number) return listRecentOrders(ctx, intent);

  if (intent === "refund_status") {
    const lookup = await ctx.call("order.lookup", { orderNumber: number });
    if (!lookup.ok) return toolFailurePlan(ctx, lookup.error, `order ${number}`);
    const raw = isRec(lookup.data) ? arr(lookup.data.orders)[0] : undefined;
    const found = orderView(raw);
    if (!found)
      return failed(plan("answer", "order_unreadable", ["I couldn't read that order's details just now."]));
    remember(ctx, found.number);
    return refundReply(ctx, found, raw);
  }
  const result = await ctx.call("order.status", { orderNumber: number });
  if (!result.ok) return toolFailurePlan(ctx, result.error, `order ${number}`);
  const order = orderView(result.data);
  if (!order)
    return failed(plan("answer", "order_unreadable", ["I couldn't read that order's details just now."]));
  remember(ctx, order.number);
  const statusText = isRec(result.data) ? str(result.data.statusText) : undefined;
  const lines = statusLines(order, ctx.now);
  const facts = orderFacts(order);
  if (statusText) {
    // The tool's own sentence is built from the order's data only; it leads the reply.
    lines[0] = statusText;
    facts.push(statusText);
    if (/expected/i.test(statusText))
      lines.splice(
        1,
        lines.findIndex((l, i) => i > 0 && typeof l === "string" && l.startsWith("Expected")) > 0 ? 1 : 0,
      );
  }
  if (intent === "delivery_window" && order.status !== "delivered" && order.status !== "cancelled") {
    const window = await ctx.call("delivery.window", { orderNumber: order.number });
    if (window.ok) {
      const w = deliveryWindowText(window.data);
      if (w) {
        lines.splice(1, 0, w.text);
        facts.push(...w.facts);
      }
    }
  }
  if (intent === "delivery_problem" && PROBLEM.test(ctx.text)) {
    return {
      ...plan(
        "escalate",
        "delivery_problem_needs_investigation",
        [
          ...lines.slice(0, 1),
          "I'm sorry about this. A member of our team will look into it and arrange a replacement or refund; they can see this whole conversation.",
        ],
        facts,
      ),
      escalate: { reason: "delivery_problem_needs_investigation", priority: "high" },
    };
  }
  return plan("answer", `${intent}_answered`, lines, facts);
}

function statusLines(order: OrderView, now: Date): (string | ReplyLine)[] {
  const words = STATUS_WORDS[order.status] ?? order.status;
  const lines: (string | ReplyLine)[] = [`Order ${order.number} is ${words}.`];
  if (order.status === "delivered" && order.deliveredAt) {
    lines[0] = `Order ${order.number} was delivered on ${formatDate(order.deliveredAt)}.`;
  } else if (
    order.estimatedDelivery &&
    order.status !== "cancelled" &&
    order.status !== "delivered" &&
    // A date already gone by is no expectation; the status line says the order is running late.
    Date.parse(order.estimatedDelivery) >= startOfDay(now)
  ) {
    lines.push(`Expected delivery: ${formatDate(order.estimatedDelivery)}.`);
  }
  if (order.carrier || order.trackingNumber) {
    lines.push(
      detail(
        order.carrier
          ? `Carrier: ${order.carrier}${order.trackingNumber ? `, tracking number ${order.trackingNumber}` : ""}.`
          : `Tracking number: ${order.trackingNumber}.`,
      ),
    );
  }
  if (order.lastEvent) lines.push(detail(`Latest update: ${order.lastEvent}.`));
  if (order.trackingUrl) lines.push(detail(`Track it here: ${order.trackingUrl}`));
  if (order.lines.length) lines.push(detail(`Items: ${describeLines(order.lines)}.`));
  return lines;
}

export function orderFacts(order: OrderView): string[] {
  return [
    order.number,
    order.status,
    STATUS_WORDS[order.status] ?? "",
    formatDate(order.estimatedDelivery) ?? "",
    formatDate(order.deliveredAt) ?? "",
    order.carrier ?? "",
    order.trackingNumber ?? "",
    order.trackingUrl ?? "",
    order.lastEvent ?? "",
    order.total ?? "",
    ...order.lines.flatMap((l) => [l.title, l.options, String(l.quantity)]),
  ].filter(Boolean);
}

function deliveryWindowText(raw: unknown): { text: string; facts: string[] } | undefined {
  const data = isRec(raw) && isRec(raw.estimate) ? raw.estimate : raw;
  // A window that has passed is no expectation; the status sentence says the order is late.
  if (!isRec(data) || data.late === true) return undefined;
  // Not shipped: any date would be counted from today, which the data does not hold.
  if (data.countedFrom === "today") {
    const t = isRec(data.transit) ? data.transit : undefined;
    const transit =
      t && typeof t.method === "string" && typeof t.minDays === "number" && typeof t.maxDays === "number"
        ? { method: t.method, minDays: t.minDays, maxDays: t.maxDays }
        : undefined;
    const text = notShippedSentence({ transit });
    return { text, facts: [text] };
  }
  const from = str(pick(data, "earliest", "from", "windowStart", "start"));
  const to = str(pick(data, "latest", "to", "windowEnd", "end"));
  const label = str(pick(data, "description", "summary", "text", "note"));
  // Our own estimate is stated as one, with the sentence the tool wrote for it.
  if (from && to && data.estimated === true && label) {
    const a = formatDate(from);
    const b = formatDate(to);
    const text = `${a === b ? `Estimated delivery: ${a}.` : `Estimated delivery: between ${a} and ${b}.`} ${label}`;
    return { text, facts: [a ?? "", b ?? "", label] };
  }
  if (from && to) {
    const a = formatDate(from);
    const b = formatDate(to);
    const text = a === b ? `It should arrive on ${a}.` : `It should arrive between ${a} and ${b}.`;
    return { text, facts: [a ?? "", b ?? ""] };
  }
  if (label) return { text: label, facts: [label] };
  return undefined;
}

function refundReply(ctx: TurnContext, order: OrderView, data: unknown): ReplyPlan {
  const raw = isRec(data) && isRec(data.order) ? data.order : data;
  const refunds = isRec(raw) ? arr(raw.refunds).filter(isRec) : [];
  const currency = isRec(raw) ? (str(raw.currency) ?? "USD") : "USD";
  void ctx;
  if (refunds.length === 0) {
    return plan(
      "answer",
      "refund_status_answered",
      [
        `No refund has been issued on order ${order.number} yet.`,
        detail("Refunds are issued once a return reaches us and is checked."),
      ],
      [order.number],
    );
  }
  const lines = refunds.map((r) => {
    const amount = formatMoney(num(r.amount) ?? 0, currency);
    const at = formatDate(str(r.at));
    return `A refund of ${amount} was issued${at ? ` on ${at}` : ""}${str(r.method) ? ` to your ${str(r.method)}` : ""}.`;
  });
  return plan(
    "answer",
    "refund_status_answered",
    [`Order ${order.number}:`, ...lines],
    [order.number, ...refunds.map((r) => formatMoney(num(r.amount) ?? 0, currency))],
  );
}

function startOfDay(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}
