import type { References } from "./lib/resolve-references";
import type { ReplyPlan, TurnContext } from "./dialogue.types";
import { detail, failed, plan } from "./plans";
import { toolFailurePlan } from "./order-handlers";
import { arr, formatMoney, isRec, num, pick, stockChoice, str } from "./tool-views";

type Rec = Record<string, unknown>;
const NOW = /\b(now|right now|currently|at the moment|still open|open today)\b/i;
const HOURS_WORDS = /\b(open|opens|opening|close|closes|closing|closed|hours?)\b/i;
// Commas split too: "I'm stuck at work at the moment, is it open on Thursday?" asks about Thursday.
const CLAUSES = /[.?!;,]+\s*|\s+\b(?:and|also|plus|but|oh and|btw)\b\s+/i;

/** The part of a message that asks about hours, so "at the moment" elsewhere does not mean "open now". */
function hoursClause(text: string): string {
  const parts = text.split(CLAUSES).filter((p) => HOURS_WORDS.test(p));
  return parts.length ? parts.join(". ") : text;
}

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
  // "Open now?" asks about this moment, not a date; only the part of the message about hours counts.
  const askedNow = NOW.test(hoursClause(ctx.text));
  const date = askedNow ? undefined : refs.date?.slice(0, 10);
  // The tool answers any date from the weekly schedule and that date's exceptions.
  const result = await ctx.call("stores.hours", { storeCode: refs.storeId, ...(date ? { date } : {}) });
  if (!result.ok) return toolFailurePlan(ctx, result.error, "that store");
  const d: Rec = isRec(result.data) ? result.data : {};
  rememberStore(ctx, d);
  const name = storeName(d);
  if (date) ctx.state.date = date;
  const today = isRec(d.today) ? d.today : undefined;
  const week = arr(d.week).filter(isRec);
  const day = date ? (isRec(d.day) && str(d.day.date) === date ? d.day : week.find((w) => str(w.date) === date)) : today;
  const facts = [name];
  const lines: (string | ReturnType<typeof detail>)[] = [];
  if (date && !day) {
    return plan("answer", "store_hours_unknown_day", [`I don't have ${name}'s hours for that date.`], facts);
  }
  const dayLabel = date ? (formatDayLabel(date) ?? date) : "today";
  const hours = day ? periodsText(day) : undefined;
  const holiday = day ? str(day.holiday) : undefined;
  if (holiday) facts.push(holiday);
  if (hours) facts.push(hours);
  if (date && day) facts.push(dayLabel);
  if (!date && askedNow) {
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

/** "Where is your Chicago store?" names the store: its address is the answer, not its hours. */
async function namedStoreLocation(ctx: TurnContext, storeCode: string): Promise<ReplyPlan> {
  const result = await ctx.call("stores.hours", { storeCode });
  if (!result.ok) return toolFailurePlan(ctx, result.error, "that store");
  const d: Rec = isRec(result.data) ? result.data : {};
  rememberStore(ctx, d);
  const name = storeName(d);
  const a: Rec = isRec(d.address) ? d.address : {};
  const address = [str(a.line1), str(a.line2), str(a.city), [str(a.region), str(a.postalCode)].filter(Boolean).join(" ")]
    .filter(Boolean)
    .join(", ");
  const today = isRec(d.today) ? periodsText(d.today) : undefined;
  if (!address) return failed(plan("answer", "store_address_unknown", [`I don't have ${name}'s address.`], [name]));
  return plan(
    "answer",
    "store_address_answered",
    [`${name} is at ${address}.`, ...(today ? [detail(`Today's hours: ${today}.`)] : [])],
    [name, address, ...(today ? [today] : [])],
  );
}

export async function handleStoreLocation(ctx: TurnContext, refs: References): Promise<ReplyPlan> {
  const where = locationArgs(ctx, refs);
  // A store named in this message wins over a location; one remembered from before only without a location.
  const named = ctx.understanding.entities.some((e) => e.type === "store");
  if (refs.storeId && (named || !where)) return namedStoreLocation(ctx, refs.storeId);
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

async function productIdOf(ctx: TurnContext, sku: string): Promise<string | undefined> {
  const got = await ctx.call("products.get", { sku });
  return got.ok && isRec(got.data) && isRec(got.data.product) ? str(got.data.product.id) : undefined;
}

export async function handleAvailability(ctx: TurnContext, refs: References): Promise<ReplyPlan> {
  const product = await resolveProduct(ctx, refs);
  if (!product) {
    ctx.state.pending = { kind: "slot", intent: "product_availability", need: "product" };
    return plan("ask", "which_product", ["Which product do you mean? A name or a link to the product page helps."]);
  }
  const wanted = { ...(refs.size ? { size: refs.size } : {}), ...(refs.colour ? { colour: refs.colour } : {}) };
  ctx.state.variant = wanted;
  const wantedText = [refs.colour, refs.size ? `size ${refs.size}` : ""].filter(Boolean).join(", ");
  const where = refs.storeId ? { storeCode: refs.storeId } : (locationArgs(ctx, refs) ?? {});
  // The tool matches the options named exactly, or lists every variant they fit: the shopper
  // hears what is there, never one variant picked for them.
  const productId = product.id ?? (product.sku && Object.keys(wanted).length ? await productIdOf(ctx, product.sku) : undefined);
  if (!productId && !product.sku) return failed(plan("answer", "product_unreadable", ["I couldn't tell which product that is. Could you send its name or a link to its page?"]));
  const result = productId
    ? await ctx.call("inventory.check", { productId, ...(Object.keys(wanted).length ? { options: wanted } : {}), ...where })
    : await ctx.call("inventory.check", { sku: product.sku ?? "", ...where });
  if (!result.ok) return toolFailurePlan(ctx, result.error, "that product");
  const d: Rec = isRec(result.data) ? result.data : {};
  const name = (isRec(d.product) ? str(d.product.title) : undefined) ?? product.name ?? "That product";
  if (productId) ctx.state.product = { id: productId, name };
  const choice = stockChoice(d);
  if (choice) {
    if (isRec(d.store)) rememberStore(ctx, d.store);
    const answer = plan("answer", choice.reason, choice.lines, choice.facts);
    return choice.failed ? failed(answer) : answer;
  }
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
