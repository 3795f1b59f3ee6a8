import type { References } from "./lib/resolve-references";
import type { PendingConfirmation, ReplyPlan, TurnContext } from "./dialogue.types";
import { detail, failed, plan } from "./plans";
import { requireVerified } from "./verification";
import { streetAddresses } from "../nlu";
import { isAmbiguous, namedOrderLines } from "./lib/named-order-lines";
import { listRecentOrders, orderFacts, remember, toolFailurePlan } from "./order-handlers";
import {
  describeLines,
  formatMoney,
  isRec,
  num,
  orderView,
  pick,
  STATUS_WORDS,
  str,
  type OrderView,
} from "./tool-views";

const EXCHANGE =
  /\b(exchange|swap|replace it with|different (size|colou?r)|another (size|colou?r)|instead)\b/i;

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
  const order = orderView(
    isRec(result.data) && Array.isArray(result.data.orders) ? result.data.orders[0] : undefined,
  );
  if (!order)
    return { plan: failed(plan("answer", "order_unreadable", ["I couldn't read that order just now."])) };
  remember(ctx, order.number);
  return { order };
}

function confirm(
  ctx: TurnContext,
  pending: PendingConfirmation,
  facts: string[],
  currency?: string,
): ReplyPlan {
  ctx.state.pending = currency ? { ...pending, currency } : pending;
  return plan(
    "confirm",
    `confirm_${pending.tool}`,
    [pending.summary, "Reply yes to go ahead, or no to leave it as it is."],
    facts,
  );
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
      [
        `Order ${order.number} can't be ${action} because it is ${state}.`,
        `Our policy: ${rule}.`,
        ...(next ? [next] : []),
      ],
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
    if (order.status !== "delivered") {
      return refuseByStatus(
        order,
        "cancelled",
        policy.cancellableStatuses,
        "order_changes.cancellable_statuses",
      );
    }
    return {
      ...refuseByStatus(
        order,
        "cancelled",
        policy.cancellableStatuses,
        "order_changes.cancellable_statuses",
        "Would you like to start a return instead?",
      ),
      offer: { intent: "return_request", orderNumber: order.number },
    };
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

/**
 * The new address in the message, or the one given earlier in this conversation (before a
 * verification step), split into the fields the order system takes, state/region included.
 */
export function newAddressFrom(ctx: TurnContext): Address | undefined {
  const inMessage = ctx.understanding.entities.find((e) => e.type === "address");
  const written = inMessage?.text ?? ctx.state.newAddress;
  if (!written) return undefined;
  ctx.state.newAddress = written;
  const found = streetAddresses(written)[0]?.address;
  if (!found?.city || !found.postalCode) return undefined;
  return {
    line1: found.line1,
    ...(found.line2 ? { line2: found.line2 } : {}),
    city: found.city,
    ...(found.region ? { region: found.region } : {}),
    postalCode: found.postalCode,
    country: found.country ?? "US",
  };
}

type Address = {
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
};

export async function handleAddressChange(ctx: TurnContext, refs: References): Promise<ReplyPlan> {
  const given = ctx.understanding.entities.find((e) => e.type === "address");
  if (given) ctx.state.newAddress = given.text;
  const loaded = await loadOrder(ctx, refs, "change_shipping_address");
  if ("plan" in loaded) return loaded.plan;
  const { order } = loaded;
  const policy = (await ctx.policies.orderChangePolicy(ctx.workspaceId, ctx.now)).value;
  if (!policy.addressChangeStatuses.includes(order.status)) {
    return refuseByStatus(
      order,
      "sent to a new address",
      policy.addressChangeStatuses,
      "order_changes.address_change_statuses",
    );
  }
  const address = newAddressFrom(ctx);
  if (!address) {
    ctx.state.pending = { kind: "slot", intent: "change_shipping_address", need: "address" };
    return plan(
      "ask",
      "need_new_address",
      [
        `Order ${order.number} can still be changed. What is the new address? Please include the street, city and postal code.`,
      ],
      [order.number],
    );
  }
  ctx.state.newAddress = undefined;
  const written = [
    address.line1,
    address.line2,
    address.city,
    [address.region, address.postalCode].filter(Boolean).join(" "),
  ]
    .filter(Boolean)
    .join(", ");
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
  // What the shopper asked to return survives the verification step that may come first.
  const asked = [ctx.text, ...(ctx.state.returnRequest ? [ctx.state.returnRequest] : [])];
  const loaded = await loadOrder(ctx, refs, "return_request");
  if ("plan" in loaded) {
    if (ctx.state.pending) ctx.state.returnRequest = asked.join("\n").slice(0, 1000);
    return loaded.plan;
  }
  ctx.state.returnRequest = undefined;
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
      str(pick(data, "reason", "message")) ??
      (refusal ? str(refusal.description) : undefined) ??
      "the items are no longer eligible for return";
    const rule = isRec(data.rule) ? str(data.rule.description) : undefined;
    return failed(
      plan(
        "refuse",
        "policy:returns.not_eligible",
        [
          `Order ${order.number} can't be returned: ${reason.replace(/\.$/, "")}.`,
          ...(rule ? [`Our policy: ${rule}`] : []),
        ],
        [order.number, reason, ...(rule ? [rule] : [])],
      ),
    );
  }
  const named = namedOrderLines(asked, order.lines);
  if (isAmbiguous(asked, named)) {
    ctx.state.pending = { kind: "slot", intent: "return_request", need: "item" };
    ctx.state.returnRequest = asked.join("\n").slice(0, 1000);
    const options = named.map((l) => `${l.title}${l.options ? ` (${l.options})` : ""}`);
    return plan(
      "ask",
      "return_which_item",
      [`Which item would you like to return: ${options.join(" or ")}?`],
      [order.number, ...options],
    );
  }
  const lineOf = (l: { lineId?: string }) => lines.find((e) => str(pick(e, "lineId", "id")) === l.lineId);
  if (named.length && !named.some((l) => lineOf(l)?.eligible === true)) {
    // The item named is the one refused, with the rule that refuses it, even when others could go back.
    const items = named.map((l) => l.title).join(", ");
    const refusal = named.flatMap((l) => {
      const r = lineOf(l)?.refusals;
      return Array.isArray(r) ? r.filter(isRec) : [];
    })[0];
    const reason = refusal ? str(refusal.description) : undefined;
    const line =
      refusal?.id === "returns.final_sale"
        ? `${items} from order ${order.number} is final sale, so it can't be returned or exchanged.`
        : `${items} from order ${order.number} can't be returned${reason ? `: ${reason.replace(/\.$/, "")}` : ""}.`;
    return failed(plan("refuse", "policy:returns.not_eligible", [line], [order.number, items, line]));
  }
  const chosen = pickLines(order, eligibleLines, refs, named);
  const items = chosen.map((l) => `${l.title}${l.options ? ` (${l.options})` : ""}`).join(", ");
  const until =
    str(pick(data, "returnBy", "deadline", "windowEndsAt")) ??
    (eligibleLines[0] ? str(eligibleLines[0].windowEndsAt) : undefined);
  // No delivery date on record: the window is stated in days, with no invented last day.
  const windowNote = !until && eligibleLines[0] ? str(eligibleLines[0].windowNote) : undefined;
  if (wantsExchange) {
    const option = [refs.size ? `size ${refs.size}` : "", refs.colour ?? ""].filter(Boolean).join(", ");
    if (!option) {
      ctx.state.pending = { kind: "slot", intent: "return_request", need: "product" };
      return plan(
        "ask",
        "exchange_needs_option",
        [`Which size or colour would you like instead of ${items}?`],
        [items],
      );
    }
    const first = chosen[0];
    const newSku = first?.sku ? await variantFor(ctx, first.sku, refs) : undefined;
    if (!first || !newSku) {
      return failed(
        plan(
          "answer",
          "exchange_option_not_offered",
          [`${items} doesn't come in ${option}.`],
          [items, option],
        ),
      );
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
      summary: `Order ${order.number} can be returned${until ? ` until ${until.slice(0, 10)}.` : `.${windowNote ? ` ${windowNote}` : ""}`} Start a return for ${items}?`,
    },
    [order.number, items, ...(until ? [until.slice(0, 10)] : []), ...(windowNote ? [windowNote] : [])],
    order.currency,
  );
}

/** The lines to return: those the shopper named, else the product in hand, else every eligible line. */
function pickLines(
  order: OrderView,
  eligible: Record<string, unknown>[],
  refs: References,
  named: OrderView["lines"],
) {
  const ok = new Set(eligible.map((l) => str(pick(l, "lineId", "id"))).filter(Boolean));
  const namedOk = named.filter((l) => ok.has(l.lineId ?? ""));
  if (namedOk.length) return namedOk;
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
    const match = lines.filter(
      (l) => l.sku?.includes(refs.productId ?? "") || l.title.toLowerCase().includes(refs.productId ?? ""),
    );
    if (match.length) lines = match;
  }
  return lines;
}

/** Runs an action the customer has just confirmed. The tool re-checks the policy in code. */
export async function executeConfirmed(ctx: TurnContext, pending: PendingConfirmation): Promise<ReplyPlan> {
  if (!ctx.verified)
    return plan("verify", "verification_required", ["I need to confirm it's you before I change anything."]);
  const result = await ctx.call(pending.tool, { ...pending.args });
  const number = String(pending.args.orderNumber ?? "");
  if (!result.ok) return toolFailurePlan(ctx, result.error, `order ${number}`);
  const data = isRec(result.data) ? result.data : {};
  const reference = str(pick(data, "returnId", "returnNumber", "reference"));
  const label = str(pick(data, "labelUrl", "returnLabelUrl"));
  const refundValue = pick(data, "refundAmount", "refund");
  const refund =
    typeof refundValue === "number"
      ? refundValue > 0
        ? formatMoney(refundValue, pending.currency ?? "USD")
        : undefined
      : str(refundValue);
  const releasedValue = num(data.authorisationReleasedAmount);
  const released =
    releasedValue && releasedValue > 0 ? formatMoney(releasedValue, pending.currency ?? "USD") : undefined;
  // The retailer's system applies it from an outbound event: until it confirms, it is a request.
  const requested = data.writeBack === "requested";
  const sent: Record<string, string> = {
    "order.cancel": `I've asked our order team to cancel order ${number}; you'll get a confirmation once it's processed.`,
    "order.changeAddress": `I've asked our order team to send order ${number} to the new address; you'll get a confirmation once it's updated.`,
    "returns.create": `Your return request for order ${number} is sent${reference ? ` (reference ${reference})` : ""}; you'll get a confirmation once it's accepted.`,
    "exchanges.create": `Your exchange request for order ${number} is sent${reference ? ` (reference ${reference})` : ""}; you'll get a confirmation once it's accepted.`,
  };
  const done: Record<string, string> = {
    "order.cancel": `Done: order ${number} is cancelled.`,
    "order.changeAddress": `Done: order ${number} will go to the new address.`,
    "returns.create": `Your return for order ${number} is started${reference ? ` (reference ${reference})` : ""}.`,
    "exchanges.create": `Your exchange for order ${number} is set up${reference ? ` (reference ${reference})` : ""}.`,
  };
  return plan(
    "act",
    `${pending.tool}_${requested ? "requested" : "done"}`,
    [
      (requested ? sent[pending.tool] : done[pending.tool]) ?? (requested ? "Your request is sent." : "Done."),
      ...(refund ? [detail(`${requested ? "Expected refund" : "Refund"}: ${refund}.`)] : []),
      // An authorisation was never taken, so it is released rather than refunded.
      ...(released
        ? [`The ${released} hold on your payment ${requested ? "will be" : "is"} released; no money was taken.`]
        : []),
      ...(label ? [detail(`Your return label: ${label}`)] : []),
    ],
    [
      number,
      ...(reference ? [reference] : []),
      ...(refund ? [refund] : []),
      ...(released ? [released] : []),
      ...(label ? [label] : []),
    ],
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
      return want
        ? val === want || val.startsWith(want)
        : String(currentOptions[key] ?? "").toLowerCase() === val;
    });
  });
  return match ? str(match.sku) : undefined;
}
