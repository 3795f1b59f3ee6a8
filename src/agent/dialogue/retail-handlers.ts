import type { References } from "./lib/resolve-references";
import type { ReplyPlan, TurnContext } from "./dialogue.types";
import { detail, failed, plan } from "./plans";
import { toolFailurePlan } from "./order-handlers";
import { arr, formatMoney, isRec, num, pick, str } from "./tool-views";

type Rec = Record<string, unknown>;
const NOW = /\b(now|right now|currently|at the moment|still open|open today)\b/i;

function storeName(r: Rec): string {
  return str(pick(r, "name", "title")) ?? str(pick(r, "code", "id", "storeId")) ?? "the store";
}

function rememberStore(ctx: TurnContext, r: Rec): void {
  const id = str(pick(r, "code", "id", "storeId"));
  if (id) ctx.state.store = { id, name: storeName(r) };
}

export async function handleStoreHours(ctx: TurnContext, refs: References): Promise<ReplyPlan> {
  if (!refs.storeId) {
    ctx.state.pending = { kind: "slot", intent: "store_hours", need: "store" };
    return plan("ask", "which_store", ["Which store do you mean? Tell me the store name or the area."]);
  }
  const result = await ctx.call("stores.hours", { storeCode: refs.storeId });
  if (!result.ok) return toolFailurePlan(ctx, result.error, "that store");
  const d: Rec = isRec(result.data) ? result.data : {};
  rememberStore(ctx, d);
  const name = storeName(d);
  // "Open now?" asks about this moment, not a date.
  const date = NOW.test(ctx.text) ? undefined : refs.date?.slice(0, 10);
  if (date) ctx.state.date = date;
  const today = isRec(d.today) ? d.today : undefined;
  const week = arr(d.week).filter(isRec);
  const day = date ? week.find((w) => str(w.date) === date) : today;
  const facts = [name];
  const lines: (string | ReturnType<typeof detail>)[] = [];
  if (date && !day) {
    return plan("answer", "store_hours_unknown_day", [`I only have ${name}'s hours for the next 7 days.`], facts);
  }
  const dayLabel = date ? (formatDayLabel(date) ?? date) : "today";
  const hours = day ? periodsText(day) : undefined;
  const holiday = day ? str(day.holiday) : undefined;
  if (holiday) facts.push(holiday);
  if (hours) facts.push(hours);
  if (date && day) facts.push(dayLabel);
  if (!date && NOW.test(ctx.text)) {
    const closesAt = str(d.closesAt);
    const next = isRec(d.nextOpening) ? d.nextOpening : undefined;
    const until = closesAt ? localTime(closesAt, str(d.timezone)) : undefined;
    if (until) facts.push(until);
    if (d.openNow === true) {
      lines.push(`Yes, ${name} is open now${until ? ` until ${until}` : ""}.`);
    } else {
      const when = next ? `${formatDayLabel(str(next.date) ?? "") ?? str(next.date)} at ${str(next.time)}` : undefined;
      if (next) facts.push(str(next.time) ?? "", formatDayLabel(str(next.date) ?? "") ?? "");
      lines.push(`No, ${name} is closed right now${holiday ? ` (${holiday})` : ""}${when ? `. It opens ${when}` : ""}.`);
    }
    if (hours) lines.push(detail(`Today's hours: ${hours}.`));
  } else if (day && day.closed === true) {
    lines.push(`${name} is closed ${date ? `on ${dayLabel}` : "today"}${holiday ? ` for ${holiday}` : ""}.`);
  } else if (hours) {
    lines.push(`${name} is open ${hours} ${date ? `on ${dayLabel}` : "today"}${holiday ? ` (${holiday} hours)` : ""}.`);
  } else {
    lines.push(`I don't have ${name}'s hours for that day.`);
  }
  return plan("answer", "store_hours_answered", lines, facts.filter(Boolean));
}

function periodsText(day: Rec): string | undefined {
  if (day.closed === true) return "closed";
  const periods = arr(day.periods).filter(isRec);
  return periods.length ? periods.map((p) => `${str(p.open)}–${str(p.close)}`).join(", ") : undefined;
}

function formatDayLabel(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  return new Date(`${date}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
}

function localTime(iso: string, timeZone = "UTC"): string | undefined {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  return d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone });
}

function locationArgs(ctx: TurnContext, refs: References): Rec | undefined {
  const loc = ctx.context.location;
  if (loc && "latitude" in loc) return { latitude: loc.latitude, longitude: loc.longitude };
  if (refs.postalCode) return { postalCode: refs.postalCode };
  if (loc && "postalCode" in loc) return { postalCode: loc.postalCode };
  return undefined;
}

function storesFrom(data: unknown): Rec[] {
  return (Array.isArray(data) ? data : isRec(data) ? arr(pick(data, "stores", "results", "items")) : []).filter(isRec);
}

function storeLine(s: Rec): { text: string; facts: string[] } {
  const inner: Rec = isRec(s.store) ? s.store : s;
  const name = storeName(inner);
  const km = num(pick(s, "distanceKm", "distance"));
  const miles = num(s.distanceMiles);
  const address = isRec(inner.address) ? [str(inner.address.line1), str(inner.address.city)].filter(Boolean).join(", ") : str(inner.address);
  const dist = miles !== undefined ? `${miles.toFixed(1)} mi` : km !== undefined ? `${km.toFixed(1)} km` : "";
  return {
    text: `${name}${address ? `, ${address}` : ""}${dist ? ` (${dist})` : ""}`,
    facts: [name, address ?? "", dist].filter(Boolean),
  };
}

export async function handleStoreLocation(ctx: TurnContext, refs: References): Promise<ReplyPlan> {
  const where = locationArgs(ctx, refs);
  if (!where && refs.storeId) {
    return handleStoreHours(ctx, refs);
  }
  if (!where) {
    ctx.state.pending = { kind: "slot", intent: "store_location", need: "location" };
    return plan("ask", "need_location", ["What's your postal code, or can you share your location? Then I'll find the nearest store."]);
  }
  const result = await ctx.call("stores.find", { ...where, limit: 3 });
  if (!result.ok) return toolFailurePlan(ctx, result.error, "stores near you");
  const stores = storesFrom(result.data);
  if (!stores.length) return failed(plan("answer", "no_store_nearby", ["I couldn't find one of our stores near you."]));
  const first = storeLine(stores[0] as Rec);
  rememberStore(ctx, isRec((stores[0] as Rec).store) ? ((stores[0] as Rec).store as Rec) : (stores[0] as Rec));
  const others = stores.slice(1).map(storeLine);
  return plan(
    "answer",
    "nearest_store_answered",
    [`Your nearest store is ${first.text}.`, ...(others.length ? [detail(`Also near you: ${others.map((o) => o.text).join("; ")}.`)] : [])],
    [...first.facts, ...others.flatMap((o) => o.facts)],
  );
}

async function resolveProduct(ctx: TurnContext, refs: References): Promise<{ id?: string; sku?: string; name?: string } | undefined> {
  if (refs.productId || refs.sku) return { id: refs.productId, sku: refs.sku, name: ctx.state.product?.name };
  if (!ctx.hasTool("products.search")) return undefined;
  const search = await ctx.call("products.search", { query: ctx.text.slice(0, 200), limit: 3 });
  if (!search.ok) return undefined;
  const hits = (Array.isArray(search.data) ? search.data : isRec(search.data) ? arr(pick(search.data, "products", "results", "hits")) : []).filter(isRec);
  const top = hits[0];
  if (!top) return undefined;
  return { id: str(pick(top, "id", "productId")), name: str(pick(top, "title", "name")) };
}

/** The variant matching the size and colour asked for, from products.get. */
async function pickVariant(
  ctx: TurnContext,
  product: { id?: string; sku?: string },
  refs: References,
): Promise<{ sku?: string; title?: string; missing?: string }> {
  if (product.sku && !refs.size && !refs.colour) return { sku: product.sku };
  const got = await ctx.call("products.get", product.id ? { productId: product.id } : { sku: product.sku });
  if (!got.ok) return {};
  const p: Rec = isRec(got.data) && isRec(got.data.product) ? got.data.product : {};
  const variants = arr(p.variants).filter(isRec);
  const wanted = [refs.size, refs.colour].filter((x): x is string => Boolean(x)).map((x) => x.toLowerCase());
  const match = variants.find((v) => {
    const values = isRec(v.options) ? Object.values(v.options).map((x) => String(x).toLowerCase()) : [];
    return wanted.every((w) => values.some((val) => val === w || val.startsWith(w) || sizeAlias(val) === w));
  });
  if (!match && wanted.length) return { title: str(p.title), missing: wanted.join(", ") };
  return { sku: str((match ?? variants[0])?.sku), title: str(p.title) };
}

function sizeAlias(value: string): string {
  const map: Record<string, string> = { small: "s", medium: "m", large: "l", "extra large": "xl" };
  return map[value] ?? value;
}

export async function handleAvailability(ctx: TurnContext, refs: References): Promise<ReplyPlan> {
  const product = await resolveProduct(ctx, refs);
  if (!product) {
    ctx.state.pending = { kind: "slot", intent: "product_availability", need: "product" };
    return plan("ask", "which_product", ["Which product do you mean? A name or a link to the product page helps."]);
  }
  const variant = await pickVariant(ctx, product, refs);
  if (product.id) ctx.state.product = { id: product.id, name: variant.title ?? product.name ?? product.id };
  ctx.state.variant = { ...(refs.size ? { size: refs.size } : {}), ...(refs.colour ? { colour: refs.colour } : {}) };
  const wantedText = [refs.colour, refs.size ? `size ${refs.size}` : ""].filter(Boolean).join(", ");
  if (variant.missing) {
    return failed(plan("answer", "variant_not_offered", [`${variant.title ?? "That product"} doesn't come in ${variant.missing}.`], [variant.title ?? ""]));
  }
  if (!variant.sku) return failed(plan("answer", "product_unreadable", ["I couldn't find that product's details just now."]));
  const where = refs.storeId ? { storeCode: refs.storeId } : (locationArgs(ctx, refs) ?? {});
  const result = await ctx.call("inventory.check", { sku: variant.sku, ...where });
  if (!result.ok) return toolFailurePlan(ctx, result.error, "that product");
  const d: Rec = isRec(result.data) ? result.data : {};
  const name = (isRec(d.product) ? str(d.product.title) : undefined) ?? variant.title ?? "That product";
  const options = isRec(d.options) ? Object.values(d.options).map((v) => str(v)).filter(Boolean).join(", ") : wantedText;
  const subject = `${name}${options ? ` (${options})` : ""}`;
  const storeOf = (r: unknown) => (isRec(r) && isRec(r.store) ? storeName(r.store) : "a store");
  const nearby = arr(d.nearby).filter(isRec);
  const facts = [name, options, ...nearby.map(storeOf), ...nearby.map((n) => String(num(n.quantity) ?? ""))];
  const at = isRec(d.atStore) ? d.atStore : undefined;
  if (at) {
    const storeText = storeOf(at);
    const qty = num(at.quantity) ?? 0;
    facts.push(storeText, String(qty));
    if (isRec(at.store)) rememberStore(ctx, at.store);
    return plan(
      "answer",
      at.inStock === true ? "in_stock_at_store" : "out_of_stock_at_store",
      [
        at.inStock === true
          ? `Yes, ${subject} is in stock at ${storeText} (${qty} available).`
          : `Sorry, ${subject} is out of stock at ${storeText}.`,
        ...(at.inStock !== true && nearby.length ? [`It is in stock at ${nearby.slice(0, 3).map(storeOf).join(", ")}.`] : []),
      ],
      facts.filter(Boolean),
    );
  }
  if (nearby.length) {
    return plan("answer", "in_stock_nearby", [`${subject} is in stock near you at ${nearby.slice(0, 3).map(storeOf).join(", ")}.`], facts.filter(Boolean));
  }
  const online = num(d.onlineQuantity) ?? 0;
  return plan(
    "answer",
    online > 0 ? "available_online" : "not_in_stock",
    [online > 0 ? `${subject} is available to order online.` : `${subject} is out of stock right now.`],
    facts.filter(Boolean),
  );
}

export async function handleProductInfo(ctx: TurnContext, refs: References): Promise<ReplyPlan> {
  const product = await resolveProduct(ctx, refs);
  if (!product?.id) {
    ctx.state.pending = { kind: "slot", intent: "product_info", need: "product" };
    return plan("ask", "which_product", ["Which product would you like to know about?"]);
  }
  const result = await ctx.call("products.get", { productId: product.id });
  if (!result.ok) return toolFailurePlan(ctx, result.error, "that product");
  const d: Rec = isRec(result.data) && isRec(result.data.product) ? result.data.product : isRec(result.data) ? result.data : {};
  const title = str(pick(d, "title", "name")) ?? product.name ?? "This product";
  ctx.state.product = { id: product.id, name: title };
  const variants = arr(d.variants).filter(isRec);
  const currency = str(d.currency) ?? str(variants[0]?.currency) ?? "USD";
  const prices = variants.map((v) => num(v.price)).filter((p): p is number => p !== undefined);
  const price = prices.length ? formatMoney(Math.min(...prices), currency) : undefined;
  const options = new Map<string, Set<string>>();
  for (const v of variants) {
    if (!isRec(v.options)) continue;
    for (const [k, val] of Object.entries(v.options)) {
      const s = str(val);
      if (s) options.set(k, (options.get(k) ?? new Set()).add(s));
    }
  }
  const optionText = [...options].map(([k, vals]) => `${k}: ${[...vals].join(", ")}`).join("; ");
  const description = str(d.description)?.split(/(?<=\.)\s/)[0];
  return plan(
    "answer",
    "product_info_answered",
    [
      `${title}${price ? ` costs ${prices.length > 1 && new Set(prices).size > 1 ? "from " : ""}${price}` : ""}.`,
      ...(description ? [detail(description)] : []),
      ...(optionText ? [`Options: ${optionText}.`] : []),
      ...(d.finalSale === true ? ["Note: it's final sale, so it can't be returned."] : []),
    ],
    [title, price ?? "", description ?? "", optionText, ...[...options.values()].flatMap((s) => [...s])].filter(Boolean),
  );
}
