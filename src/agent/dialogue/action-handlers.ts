import type { References } from "./lib/resolve-references";
import type { PendingConfirmation, ReplyPlan, TurnContext } from "./dialogue.types";
import { detail, failed, plan } from "./plans";
import { requireVerified } from "./verification";
import { listRecentOrders, orderFacts, remember, toolFailurePlan } from "./order-handlers";
import { describeLines, formatMoney, isRec, orderView, pick, STATUS_WORDS, str, type OrderView } from "./tool-views";

const EXCHANGE = /\b(exchange|swap|replace it with|different (size|colou?r)|another (size|colou?r)|instead)\b/i;

async function loadOrder(
  ctx: TurnContext,
  refs: References,
  intent: string,
): Promise<{ order: OrderView } | { plan: ReplyPlan }> {
  const gate = await requireVerified(ctx, refs, intent);
  if (gate) return { plan: gate };
  const number = refs.orderNumber ?? ctx.state.order;
  if (!number) return { plan: await listRecentOrders(ctx, intent) };
  const result = await ctx.call("order.lookup", { orderNumber: number });
  if (!result.ok) return { plan: toolFailurePlan(ctx, result.error, `order ${number}`) };
  const order = orderView(isRec(result.data) && Array.isArray(result.data.orders) ? result.data.orders[0] : undefined);
  if (!order) return { plan: failed(plan("answer", "order_unreadable", ["I couldn't read that order just now."])) };
  remember(ctx, order.number);
  return { order };
}

function confirm(ctx: TurnContext, pending: PendingConfirmation, facts: string[], currency?: string): ReplyPlan {
  ctx.state.pending = currency ? { ...pending, currency } : pending;
  return plan("confirm", `confirm_${pending.tool}`, [pending.summary, "Reply yes to go ahead, or no to leave it as it is."], facts);
}

function refuseByStatus(
  order: OrderView,
  action: string,
  allowed: string[],
  ruleId: string,
  next?: string,
): ReplyPlan {
  const state = STATUS_WORDS[order.status] ?? order.status;
  const rule = `an order can be ${action} only while it is ${allowed.join(" or ")}`;
  return failed(
    plan(
      "refuse",
      `policy:${ruleId}`,
      [`Order ${order.number} can't be ${action} because it is ${state}.`, `Our policy: ${rule}.`, ...(next ? [next] : [])],
      [order.number, order.status, state, ...allowed],
    ),
  );
}

export async function handleCancel(ctx: TurnContext, refs: References): Promise<ReplyPlan> {
  const loaded = await loadOrder(ctx, refs, "cancel_order");
  if ("plan" in loaded) return loaded.plan;
  const { order } = loaded;
  const policy = (await ctx.policies.orderChangePolicy(ctx.workspaceId, ctx.now)).value;
  if (!policy.cancellableStatuses.includes(order.status)) {
    return refuseByStatus(
      order,
      "cancelled",
      policy.cancellableStatuses,
      "order_changes.cancellable_statuses",
      order.status === "delivered" ? "You can start a return instead if you like." : undefined,
    );
  }
  return confirm(
    ctx,
    {
      kind: "confirm",
      tool: "order.cancel",
      intent: "cancel_order",
      args: { orderNumber: order.number },
      summary: `Just to confirm: cancel order ${order.number} (${describeLines(order.lines)})?`,
    },
    orderFacts(order),
    order.currency,
  );
}

/** A new address written in the message: "to 12 Baker Street, London NW1 6XE". */
export function addressFromText(text: string, postalCode?: string): Record<string, string> | undefined {
  const m = /\b(?:to|is|new address:?)\s+(\d+[a-z]?\s+[^,\n]+(?:,[^,\n]+){1,3})/i.exec(text);
  if (!m?.[1]) return undefined;
  const parts = m[1].split(",").map((p) => p.trim().replace(/[.!]+$/, "")).filter(Boolean);
  const [line1, ...rest] = parts;
  if (!line1 || rest.length === 0) return undefined;
  const tail = rest.join(" ");
  const pc = postalCode ?? /\b(\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b/i.exec(tail)?.[1];
  const city = (rest[0] ?? "").replace(pc ?? "\u0000", "").replace(/\b[A-Z]{2}\b\s*$/, "").trim();
  return { line1, city: city || (rest[0] ?? ""), ...(pc ? { postalCode: pc.toUpperCase() } : {}) };
}

export async function handleAddressChange(ctx: TurnContext, refs: References): Promise<ReplyPlan> {
  const loaded = await loadOrder(ctx, refs, "change_shipping_address");
  if ("plan" in loaded) return loaded.plan;
  const { order } = loaded;
  const policy = (await ctx.policies.orderChangePolicy(ctx.workspaceId, ctx.now)).value;
  if (!policy.addressChangeStatuses.includes(order.status)) {
    return refuseByStatus(order, "sent to a new address", policy.addressChangeStatuses, "order_changes.address_change_statuses");
  }
  const address = addressFromText(ctx.text, refs.postalCode);
  if (!address) {
    ctx.state.pending = { kind: "slot", intent: "change_shipping_address", need: "address" };
    return plan("ask", "need_new_address", [
      `Order ${order.number} can still be changed. What is the new address? Please include the street, city and postal code.`,
    ], [order.number]);
  }
  const written = [address.line1, address.city, address.postalCode].filter(Boolean).join(", ");
  return confirm(
    ctx,
    {
      kind: "confirm",
      tool: "order.changeAddress",
      intent: "change_shipping_address",
      args: { orderNumber: order.number, address },
      summary: `Just to confirm: send order ${order.number} to ${written}?`,
    },
    [order.number, written],
    order.currency,
  );
}

export async function handleReturn(ctx: TurnContext, refs: References): Promise<ReplyPlan> {
  const loaded = await loadOrder(ctx, refs, "return_request");
  if ("plan" in loaded) return loaded.plan;
  const { order } = loaded;
  const wantsExchange = EXCHANGE.test(ctx.text);
  const eligibility = await ctx.call("returns.eligibility", {
    orderNumber: order.number,
    kind: wantsExchange ? "exchange" : "return",
  });
  if (!eligibility.ok) return toolFailurePlan(ctx, eligibility.error, `order ${order.number}`);
  const data = isRec(eligibility.data) ? eligibility.data : {};
  const lines = Array.isArray(data.lines) ? data.lines.filter(isRec) : [];
  const eligibleLines = lines.filter((l) => l.eligible === true);
  const eligible = data.eligible === true || eligibleLines.length > 0;
  if (!eligible) {
    const refusal = lines.flatMap((l) => (Array.isArray(l.refusals) ? l.refusals.filter(isRec) : []))[0];
    const reason =
      str(pick(data, "reason", "message")) ?? (refusal ? str(refusal.description) : undefined) ?? "the items are no longer eligible for return";
    const rule = isRec(data.rule) ? str(data.rule.description) : undefined;
    return failed(
      plan("refuse", "policy:returns.not_eligible", [
        `Order ${order.number} can't be returned: ${reason.replace(/\.$/, "")}.`,
        ...(rule ? [`Our policy: ${rule}`] : []),
      ], [order.number, reason, ...(rule ? [rule] : [])]),
    );
  }
  const chosen = pickLines(order, eligibleLines, refs);
  const items = chosen.map((l) => `${l.title}${l.options ? ` (${l.options})` : ""}`).join(", ");
  const until = str(pick(data, "returnBy", "deadline", "windowEndsAt")) ?? (eligibleLines[0] ? str(eligibleLines[0].windowEndsAt) : undefined);
  if (wantsExchange) {
    const option = [refs.size ? `size ${refs.size}` : "", refs.colour ?? ""].filter(Boolean).join(", ");
    if (!option) {
      ctx.state.pending = { kind: "slot", intent: "return_request", need: "product" };
      return plan("ask", "exchange_needs_option", [`Which size or colour would you like instead of ${items}?`], [items]);
    }
    const first = chosen[0];
    const newSku = first?.sku ? await variantFor(ctx, first.sku, refs) : undefined;
    if (!first || !newSku) {
      return failed(plan("answer", "exchange_option_not_offered", [`${items} doesn't come in ${option}.`], [items, option]));
    }
    return confirm(
      ctx,
      {
        kind: "confirm",
        tool: "exchanges.create",
        intent: "return_request",
        args: {
          orderNumber: order.number,
          lines: [{ lineId: first.lineId, quantity: first.quantity, newSku }],
          reason: ctx.text.slice(0, 300),
        },
        summary: `Just to confirm: exchange ${items} from order ${order.number} for ${option}?`,
      },
      [order.number, items, option],
      order.currency,
    );
  }
  return confirm(
    ctx,
    {
      kind: "confirm",
      tool: "returns.create",
      intent: "return_request",
      args: {
        orderNumber: order.number,
        lines: chosen.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
        reason: ctx.text.slice(0, 300),
      },
      summary: `Order ${order.number} can be returned${until ? ` until ${until.slice(0, 10)}` : ""}. Start a return for ${items}?`,
    },
    [order.number, items, ...(until ? [until.slice(0, 10)] : [])],
    order.currency,
  );
}

function pickLines(order: OrderView, eligible: Record<string, unknown>[], refs: References) {
  const ok = new Set(eligible.map((l) => str(pick(l, "lineId", "id"))).filter(Boolean));
  let lines = order.lines.filter((l) => ok.has(l.lineId ?? ""));
  if (lines.length === 0) {
    lines = eligible.map((l) => ({
      title: str(l.title) ?? "item",
      quantity: typeof l.returnableQuantity === "number" ? l.returnableQuantity : 1,
      options: "",
      sku: str(l.sku),
      lineId: str(l.lineId),
    }));
  }
  if (refs.productId) {
    const match = lines.filter((l) => l.sku?.includes(refs.productId ?? "") || l.title.toLowerCase().includes(refs.productId ?? ""));
    if (match.length) lines = match;
  }
  return lines;
}

/** Runs an action the customer has just confirmed. The tool re-checks the policy in code. */
export async function executeConfirmed(ctx: TurnContext, pending: PendingConfirmation): Promise<ReplyPlan> {
  if (!ctx.verified) return plan("verify", "verification_required", ["I need to confirm it's you before I change anything."]);
  const result = await ctx.call(pending.tool, { ...pending.args });
  const number = String(pending.args.orderNumber ?? "");
  if (!result.ok) return toolFailurePlan(ctx, result.error, `order ${number}`);
  const data = isRec(result.data) ? result.data : {};
  const reference = str(pick(data, "returnId", "returnNumber", "reference"));
  const label = str(pick(data, "labelUrl", "returnLabelUrl"));
  const refundValue = pick(data, "refundAmount", "refund");
  const refund = typeof refundValue === "number" ? (refundValue > 0 ? formatMoney(refundValue, pending.currency ?? "USD") : undefined) : str(refundValue);
  const done: Record<string, string> = {
    "order.cancel": `Done: order ${number} is cancelled.`,
    "order.changeAddress": `Done: order ${number} will go to the new address.`,
    "returns.create": `Your return for order ${number} is started${reference ? ` (reference ${reference})` : ""}.`,
    "exchanges.create": `Your exchange for order ${number} is set up${reference ? ` (reference ${reference})` : ""}.`,
  };
  return plan(
    "act",
    `${pending.tool}_done`,
    [
      done[pending.tool] ?? `Done.`,
      ...(refund ? [detail(`Refund: ${refund}.`)] : []),
      ...(label ? [detail(`Your return label: ${label}`)] : []),
    ],
    [number, ...(reference ? [reference] : []), ...(refund ? [refund] : []), ...(label ? [label] : [])],
  );
}

/** The SKU of the same product in the size or colour asked for. */
async function variantFor(ctx: TurnContext, sku: string, refs: References): Promise<string | undefined> {
  const got = await ctx.call("products.get", { sku });
  if (!got.ok || !isRec(got.data) || !isRec(got.data.product)) return undefined;
  const variants = Array.isArray(got.data.product.variants) ? got.data.product.variants.filter(isRec) : [];
  const current = variants.find((v) => v.sku === sku);
  const currentOptions = current && isRec(current.options) ? current.options : {};
  const wanted: Record<string, string> = {};
  if (refs.size) wanted.size = refs.size.toLowerCase();
  if (refs.colour) wanted.colour = refs.colour.toLowerCase();
  const match = variants.find((v) => {
    if (v.sku === sku || !isRec(v.options)) return false;
    return Object.entries(v.options).every(([key, value]) => {
      const k = key.toLowerCase();
      const want = wanted[k === "color" ? "colour" : k];
      const val = String(value).toLowerCase();
      return want ? val === want || val.startsWith(want) : String(currentOptions[key] ?? "").toLowerCase() === val;
    });
  });
  return match ? str(match.sku) : undefined;
}
