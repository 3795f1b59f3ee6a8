/**
 * Reads tool results into the few facts a reply states. Tool outputs are typed by each tool;
 * the agent reads them defensively so a connector that omits an optional field yields a shorter
 * reply, never an invented one.
 */
type Rec = Record<string, unknown>;

export const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : undefined;
export const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const pick = (r: Rec, ...keys: string[]): unknown => {
  for (const k of keys) if (r[k] !== undefined && r[k] !== null) return r[k];
  return undefined;
};

export type OrderLineView = { title: string; quantity: number; options: string; sku?: string; lineId?: string };
export type OrderView = {
  number: string;
  status: string;
  placedAt?: string;
  lines: OrderLineView[];
  carrier?: string;
  trackingUrl?: string;
  trackingNumber?: string;
  estimatedDelivery?: string;
  deliveredAt?: string;
  shippedAt?: string;
  lastEvent?: string;
  total?: string;
  currency: string;
};

export function orderView(data: unknown): OrderView | undefined {
  const o = isRec(data) && isRec(data.order) ? data.order : data;
  if (!isRec(o)) return undefined;
  const number = str(pick(o, "number", "orderNumber", "reference"));
  if (!number) return undefined;
  const fulfilments = arr(pick(o, "fulfilments", "shipments")).filter(isRec);
  const f = fulfilments.at(-1);
  const events = f ? arr(f.events).filter(isRec) : [];
  const currency = str(o.currency) ?? "";
  const totals = isRec(o.totals) ? o.totals : undefined;
  const total = num(pick(totals ?? {}, "total")) ?? num(o.total);
  return {
    number,
    status: str(pick(o, "status", "state")) ?? "unknown",
    placedAt: str(o.placedAt),
    lines: arr(pick(o, "lines", "items"))
      .filter(isRec)
      .map((l) => ({
        title: str(pick(l, "title", "name", "productTitle")) ?? "item",
        quantity: num(l.quantity) ?? 1,
        options: isRec(l.options)
          ? Object.values(l.options)
              .map((v) => str(v))
              .filter(Boolean)
              .join(", ")
          : "",
        sku: str(l.sku),
        lineId: str(pick(l, "id", "lineId")),
      })),
    carrier: str(pick(o, "carrier")) ?? (f ? str(f.carrier) : undefined),
    trackingUrl: str(pick(o, "trackingUrl")) ?? (f ? str(f.trackingUrl) : undefined),
    trackingNumber: f ? str(arr(f.trackingNumbers)[0]) : (str(arr(o.trackingNumbers)[0]) ?? str(o.trackingNumber)),
    estimatedDelivery: expectedDelivery(o),
    deliveredAt: str(pick(o, "deliveredAt")) ?? (f ? str(f.deliveredAt) : undefined),
    shippedAt: f ? str(f.shippedAt) : str(o.shippedAt),
    lastEvent: events.length
      ? str(events.at(-1)?.description)
      : isRec(o.lastTrackingEvent)
        ? str(o.lastTrackingEvent.description)
        : undefined,
    total: total !== undefined ? `${formatMoney(total, currency)}` : undefined,
    currency: currency || "USD",
  };
}

/**
 * A date to state as "expected": the tool's own reading when it gave one, so a passed date (late)
 * and our policy estimate (which must be stated as an estimate) never read as a carrier's promise.
 */
function expectedDelivery(o: Rec): string | undefined {
  if (isRec(o.delivery)) {
    const d = o.delivery;
    return d.estimated === true || d.late === true || d.basis === "delivered" ? undefined : str(d.to);
  }
  if ("delivery" in o && o.delivery === null) return undefined;
  return str(pick(o, "estimatedDeliveryAt", "promisedDeliveryAt", "estimatedDelivery"));
}

export function orderListView(data: unknown): OrderView[] {
  const list = Array.isArray(data) ? data : isRec(data) ? arr(pick(data, "orders", "items", "results")) : [];
  return list.map(orderView).filter((o): o is OrderView => Boolean(o));
}

export function formatMoney(amount: number, currency: string): string {
  const symbol: Record<string, string> = { USD: "$", GBP: "£", EUR: "€", CAD: "CA$", AUD: "A$" };
  const s = symbol[currency];
  return s ? `${s}${amount.toFixed(2)}` : `${amount.toFixed(2)} ${currency}`.trim();
}

/** "2026-01-15T…" → "Thursday 15 January" in UTC or the given zone. */
export function formatDate(iso: string | undefined, timeZone = "UTC"): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone });
}

export const STATUS_WORDS: Record<string, string> = {
  pending: "received and waiting to be processed",
  processing: "being prepared",
  shipped: "on its way",
  in_transit: "on its way",
  out_for_delivery: "out for delivery today",
  delivered: "delivered",
  cancelled: "cancelled",
  failed: "held up: the delivery attempt failed",
  returned: "returned to us",
};

export function describeLines(lines: OrderLineView[]): string {
  return lines.map((l) => `${l.title}${l.options ? ` (${l.options})` : ""} × ${l.quantity}`).join(", ");
}

/** Plain text from a knowledge snippet (HTML-escaped, matches wrapped in <mark>). */
export function snippetText(snippet: string): string {
  return snippet
    .replace(/<\/?mark>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

export type StockChoice = { reason: string; lines: string[]; facts: string[]; failed: boolean };

const optionsText = (options: unknown) =>
  isRec(options)
    ? Object.values(options)
        .map((v) => str(v))
        .filter(Boolean)
        .join(", ")
    : "";

/**
 * An inventory.check answer that is not one variant: the options named fit none (say what the
 * product comes in) or several (say which of them are in stock where). Undefined for one variant.
 */
export function stockChoice(data: unknown): StockChoice | undefined {
  if (!isRec(data) || (data.match !== "none" && data.match !== "several")) return undefined;
  const title = (isRec(data.product) ? str(data.product.title) : undefined) ?? "That product";
  const requested = optionsText(data.requested);
  if (data.match === "none") {
    const offered = Object.entries(isRec(data.offered) ? data.offered : {})
      .map(([name, values]) => `${name === "color" ? "colour" : name} ${arr(values).map(str).filter(Boolean).join(", ")}`)
      .join("; ");
    return {
      reason: "variant_not_offered",
      lines: [`${title} doesn't come in ${requested}.${offered ? ` It comes in ${offered}.` : ""}`],
      facts: [title, requested, offered].filter(Boolean),
      failed: true,
    };
  }
  const store = isRec(data.store) ? str(data.store.name) : undefined;
  const where = store ? `at ${store}` : "to order online";
  const subject = `${title}${requested ? ` in ${requested}` : ""}`;
  const variants = arr(data.variants)
    .filter(isRec)
    .map((v) => ({ options: optionsText(v.options), quantity: num(v.quantity) ?? 0, inStock: v.inStock === true }));
  const inStock = variants.filter((v) => v.inStock);
  const missing = variants.filter((v) => !v.inStock).map((v) => v.options);
  const [only] = inStock;
  if (only && inStock.length === 1) {
    // One of the variants asked about is there: say which, and which of the others are not.
    return {
      reason: store ? "in_stock_at_store" : "available_online",
      lines: [
        `Yes, ${title} (${only.options}) is in stock ${where} (${only.quantity} available).`,
        ...(missing.length ? [`Not in stock ${where}: ${missing.join("; ")}.`] : []),
      ],
      facts: [title, requested, store ?? "", only.options, String(only.quantity), ...missing].filter(Boolean),
      failed: false,
    };
  }
  if (!inStock.length) {
    return { reason: "no_variant_in_stock", lines: [`Sorry, ${subject} is out of stock ${where} in every option.`], facts: [title, requested, store ?? ""].filter(Boolean), failed: false };
  }
  const list = inStock.map((v) => `${v.options} (${v.quantity} available)`).join("; ");
  return {
    reason: "variants_in_stock",
    lines: [`${subject} is in stock ${where} in: ${list}.`, "Which one would you like?"],
    facts: [title, requested, store ?? "", ...inStock.flatMap((v) => [v.options, String(v.quantity)])].filter(Boolean),
    failed: false,
  };
}
