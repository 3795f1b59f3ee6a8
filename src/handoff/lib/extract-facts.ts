import type { AgentTurn } from "../../agent";
import type { HandoffSummary } from "../handoff.types";

type Fact = HandoffSummary["verifiedFacts"][number];
type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => Boolean(value) && typeof value === "object" && !Array.isArray(value);
const str = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
const day = (iso: unknown) => (typeof iso === "string" && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : null);

/** The id a tool call is cited by: its turn and its place in the turn. */
export const toolCallId = (turnId: string, index: number) => `${turnId}:tool:${index}`;

function orderFacts(order: Obj, add: (fact: Omit<Fact, "sources">) => void): void {
  const number = str(order.number);
  if (!number) return;
  add({ kind: "order", label: "order", value: number });
  const status = str(order.status);
  if (status) add({ kind: "status", label: `order ${number}`, value: status });
  const lines = Array.isArray(order.lines) ? order.lines.filter(isObj) : [];
  for (const line of lines.slice(0, 3)) {
    const title = str(line.title);
    const quantity = num(line.quantity);
    if (title) add({ kind: "item", label: `order ${number}`, value: quantity && quantity > 1 ? `${quantity} × ${title}` : title });
  }
  const totals = isObj(order.totals) ? order.totals : {};
  const total = num(totals.total);
  const currency = str(order.currency);
  if (total !== null) add({ kind: "amount", label: `order ${number} total`, value: `${currency ? `${currency} ` : ""}${total.toFixed(2)}` });
  const placed = day(order.placedAt);
  if (placed) add({ kind: "date", label: `order ${number} placed`, value: placed });
  const delivery = isObj(order.delivery) ? order.delivery : null;
  const to = delivery ? day(delivery.to) : null;
  if (delivery && to) {
    const label = delivery.basis === "delivered" ? "delivered" : delivery.estimated ? "estimated delivery" : "expected delivery";
    add({ kind: "date", label: `order ${number} ${label}`, value: to });
  }
  const tracking = Array.isArray(order.trackingNumbers) ? str(order.trackingNumbers[0]) : null;
  if (tracking) add({ kind: "tracking", label: `order ${number} tracking`, value: tracking });
}

/**
 * Facts a person can rely on because a tool returned them in this case: order numbers, statuses,
 * items, totals, dates, tracking and return eligibility. Each cites the tool calls it came from;
 * a fact seen in several calls is listed once with all of them.
 */
export function extractFacts(turns: AgentTurn[], limit = 12): Fact[] {
  const facts = new Map<string, Fact>();
  turns.forEach((turn) => {
    turn.tools.forEach((call, index) => {
      if (!call.ok || !isObj(call.result)) return;
      const source = toolCallId(turn.id, index);
      const add = (fact: Omit<Fact, "sources">) => {
        const key = `${fact.kind}|${fact.label}|${fact.value}`;
        const known = facts.get(key);
        if (known) {
          if (!known.sources.includes(source)) known.sources.push(source);
        } else facts.set(key, { ...fact, sources: [source] });
      };
      const result = call.result;
      const orders = Array.isArray(result.orders) ? result.orders.filter(isObj) : [];
      // A listing of the customer's orders names them; one order looked up gives its details.
      if (orders.length > 1) orders.slice(0, 3).forEach((order) => str(order.number) && add({ kind: "order", label: "order", value: str(order.number)! }));
      else if (orders[0]) orderFacts(orders[0], add);
      else if (isObj(result.order)) orderFacts(result.order, add);
      else if (str(result.number) && (result.status || result.delivery)) orderFacts(result, add);
      const eligibility = Array.isArray(result.lines) && str(result.orderNumber) ? result.lines.filter(isObj) : [];
      for (const line of eligibility.slice(0, 3)) {
        if (typeof line.eligible !== "boolean") continue;
        add({
          kind: "eligibility",
          label: `return of ${str(line.title) ?? "item"} (order ${str(result.orderNumber)})`,
          value: line.eligible ? `eligible${day(line.windowEndsAt) ? ` until ${day(line.windowEndsAt)}` : ""}` : "not eligible",
        });
      }
      if (typeof result.eligible === "boolean") {
        const order = str(call.args.orderNumber);
        add({
          kind: "eligibility",
          label: order ? `return of order ${order}` : "return",
          value: result.eligible ? "eligible" : `not eligible${str(result.reason) ? ` (${str(result.reason)})` : ""}`,
        });
      }
      const refund = num(result.refundAmount);
      if (refund !== null) add({ kind: "amount", label: "refund", value: refund.toFixed(2) });
      if (call.name.startsWith("stores.") && str(result.name)) add({ kind: "store", label: "store", value: str(result.name)! });
    });
  });
  return [...facts.values()].slice(0, limit);
}
