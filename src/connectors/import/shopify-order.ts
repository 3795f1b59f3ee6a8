/**
 * Converts an order object of the Shopify Admin REST API (as found in its JSON exports and
 * webhooks) into Throughline's order format. Only the fields Throughline reads are mapped; the
 * result is validated by `orderRecord` like any other import, so a broken export is reported.
 */
type Json = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
const num = (value: unknown): number | undefined => {
  const n = typeof value === "string" ? Number(value) : typeof value === "number" ? value : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value.filter((v) => v && typeof v === "object") as Json[]) : []);
const obj = (value: unknown): Json | undefined => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined);
const iso = (value: unknown): string | undefined => {
  const text = str(value);
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
};

/** Shopify shipment_status → our fulfilment status. */
const SHIPMENT_STATUS: Record<string, string> = {
  label_printed: "pending",
  label_purchased: "pending",
  confirmed: "in_transit",
  in_transit: "in_transit",
  out_for_delivery: "out_for_delivery",
  attempted_delivery: "out_for_delivery",
  ready_for_pickup: "out_for_delivery",
  delivered: "delivered",
  failure: "failed",
};

export function isShopifyOrder(value: unknown): boolean {
  const order = obj(value);
  return Boolean(order && Array.isArray(order.line_items) && ("order_number" in order || "name" in order));
}

export function shopifyOrderToRecord(value: unknown): unknown {
  const order = obj(value);
  if (!order) return value;
  const lineItems = list(order.line_items);
  const returned = new Map<string, number>();
  const refunds = list(order.refunds).map((refund) => {
    const lines = list(refund.refund_line_items);
    for (const line of lines) {
      const id = str(line.line_item_id);
      if (id) returned.set(id, (returned.get(id) ?? 0) + (num(line.quantity) ?? 0));
    }
    const amount = list(refund.transactions)
      .filter((t) => t.kind === "refund" && (t.status === undefined || t.status === "success"))
      .reduce((sum, t) => sum + (num(t.amount) ?? 0), 0);
    return {
      amount: Math.round(amount * 100) / 100,
      reason: str(refund.note) || undefined,
      lineIds: lines.map((l) => str(l.line_item_id)).filter((id): id is string => Boolean(id)),
      at: iso(refund.created_at),
    };
  });

  const fulfilments = list(order.fulfillments)
    .filter((f) => f.status !== "cancelled" && f.status !== "error" && f.status !== "failure")
    .map((f) => {
      const shipment = str(f.shipment_status);
      const status = shipment ? (SHIPMENT_STATUS[shipment] ?? "in_transit") : "in_transit";
      return {
        id: str(f.id) ?? "fulfilment",
        status,
        carrier: str(f.tracking_company) || undefined,
        trackingNumbers: (Array.isArray(f.tracking_numbers) ? f.tracking_numbers : [f.tracking_number])
          .map(str)
          .filter((n): n is string => Boolean(n)),
        trackingUrl: str(f.tracking_url) || (Array.isArray(f.tracking_urls) ? str(f.tracking_urls[0]) : undefined) || undefined,
        lineIds: list(f.line_items).map((l) => str(l.id)).filter((id): id is string => Boolean(id)),
        shippedAt: iso(f.created_at),
        deliveredAt: status === "delivered" ? iso(f.updated_at) : undefined,
        events: [],
      };
    });

  const cancelled = Boolean(order.cancelled_at);
  const fulfillmentStatus = str(order.fulfillment_status);
  const allDelivered = fulfilments.length > 0 && fulfilments.every((f) => f.status === "delivered");
  const status = cancelled
    ? "cancelled"
    : allDelivered && fulfillmentStatus === "fulfilled"
      ? "delivered"
      : fulfillmentStatus === "fulfilled" || fulfillmentStatus === "partial"
        ? "shipped"
        : str(order.financial_status) === "pending" || str(order.financial_status) === "authorized"
          ? "pending"
          : "processing";

  const address = obj(order.shipping_address);
  const customer = obj(order.customer);
  const shippingLine = list(order.shipping_lines)[0];
  const shippingTotal =
    num(obj(obj(order.total_shipping_price_set)?.shop_money)?.amount) ??
    list(order.shipping_lines).reduce((sum, l) => sum + (num(l.price) ?? 0), 0);
  const gateways = Array.isArray(order.payment_gateway_names) ? order.payment_gateway_names.map(str) : [];
  const total = num(order.total_price);

  return {
    number: str(order.order_number) ?? str(order.name)?.replace(/^#/, ""),
    status,
    currency: str(order.currency) ?? "USD",
    placedAt: iso(order.processed_at ?? order.created_at),
    updatedAt: iso(order.updated_at),
    customer: {
      email: str(order.email) || str(order.contact_email) || str(customer?.email) || undefined,
      externalId: customer?.id !== undefined ? str(customer.id) : undefined,
      name: customer ? [str(customer.first_name), str(customer.last_name)].filter(Boolean).join(" ") || undefined : undefined,
    },
    shippingAddress: address
      ? {
          name: str(address.name) || undefined,
          line1: str(address.address1),
          line2: str(address.address2) || undefined,
          city: str(address.city),
          region: str(address.province_code) || str(address.province) || undefined,
          postalCode: str(address.zip) ?? "",
          country: str(address.country_code) ?? "US",
        }
      : undefined,
    shippingMethod: shippingLine ? str(shippingLine.code) || str(shippingLine.title) : undefined,
    lines: lineItems.map((item) => ({
      id: str(item.id),
      sku: str(item.sku) || str(item.variant_id) || str(item.id),
      productId: str(item.product_id),
      title: str(item.title) ?? str(item.name),
      options: str(item.variant_title) ? { variant: str(item.variant_title) } : {},
      quantity: num(item.quantity),
      unitPrice: num(item.price),
      finalSale: false,
      returnedQuantity: Math.min(returned.get(str(item.id) ?? "") ?? 0, num(item.quantity) ?? 0),
    })),
    totals: {
      subtotal: num(order.subtotal_price),
      shipping: shippingTotal,
      tax: num(order.total_tax) ?? 0,
      discount: num(order.total_discounts) ?? 0,
      total,
    },
    payments:
      total !== undefined && str(order.financial_status) !== "pending"
        ? [
            {
              method: gateways[0] ?? "unknown",
              amount: total,
              at: iso(order.processed_at ?? order.created_at),
              status: str(order.financial_status) === "authorized" ? ("authorized" as const) : ("captured" as const),
            },
          ]
        : [],
    refunds,
    fulfilments,
    cancelledAt: iso(order.cancelled_at),
    sourceStatus: [str(order.financial_status), fulfillmentStatus ?? "unfulfilled"].filter(Boolean).join("/"),
  };
}
