import { z } from "zod";

/**
 * Throughline's own interchange formats for retail data. The same schemas validate bulk
 * imports, change webhooks and HTTP-connector results, and publish the JSON Schema in
 * docs/retail-data.md, so one definition cannot drift from another.
 */
const text = (max = 200) => z.string().trim().min(1).max(max);
const isoDateTime = z.iso.datetime({ offset: true });
const money = z.number().finite().min(0).max(1e9);
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD")
  .default("USD");

export const ORDER_STATUSES = ["pending", "processing", "shipped", "delivered", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const FULFILMENT_STATUSES = [
  "pending",
  "in_transit",
  "out_for_delivery",
  "delivered",
  "failed",
  "returned",
] as const;

export const addressRecord = z.strictObject({
  name: z.string().trim().max(200).optional(),
  line1: text(200),
  line2: z.string().trim().max(200).optional(),
  city: text(100),
  region: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().max(20).default(""),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code such as US")
    .default("US"),
});
export type Address = z.infer<typeof addressRecord>;

export const orderLineRecord = z.strictObject({
  id: text(64).describe("Line id, unique within the order"),
  sku: text(64).describe("Variant SKU"),
  productId: z.string().trim().max(64).optional(),
  title: text(300),
  options: z.record(z.string().max(64), z.string().max(200)).default({}),
  quantity: z.number().int().min(1).max(10_000),
  unitPrice: money,
  category: z.string().trim().max(64).optional(),
  finalSale: z.boolean().default(false),
  returnedQuantity: z.number().int().min(0).max(10_000).default(0),
});
export type OrderLine = z.infer<typeof orderLineRecord>;

export const trackingEventRecord = z.strictObject({
  at: isoDateTime,
  status: z.enum(FULFILMENT_STATUSES),
  description: text(500),
  location: z.string().trim().max(200).optional(),
});
export type TrackingEvent = z.infer<typeof trackingEventRecord>;

export const fulfilmentRecord = z.strictObject({
  id: text(64),
  status: z.enum(FULFILMENT_STATUSES),
  carrier: z.string().trim().max(100).optional(),
  service: z.string().trim().max(64).optional(),
  trackingNumbers: z.array(text(100)).max(50).default([]),
  trackingUrl: z.url().max(2000).optional(),
  lineIds: z.array(text(64)).max(500).default([]),
  shippedAt: isoDateTime.optional(),
  deliveredAt: isoDateTime.optional(),
  events: z.array(trackingEventRecord).max(200).default([]),
});
export type Fulfilment = z.infer<typeof fulfilmentRecord>;

export const paymentRecord = z.strictObject({
  method: text(64).describe("card, paypal, gift_card, …"),
  amount: money,
  reference: z.string().trim().max(100).optional(),
  at: isoDateTime.optional(),
  /**
   * "authorized": the card is on hold, no money has moved (cancelling releases it, nothing is
   * refunded); "captured": the money was taken. Absent means captured.
   */
  status: z.enum(["authorized", "captured"]).optional(),
});

export const refundRecord = z.strictObject({
  amount: money,
  reason: z.string().trim().max(500).optional(),
  lineIds: z.array(text(64)).max(500).default([]),
  method: z.string().trim().max(64).optional(),
  at: isoDateTime.optional(),
});

export const orderRecord = z
  .strictObject({
    number: text(64).describe("The order number a shopper quotes, unique per workspace"),
    status: z.enum(ORDER_STATUSES),
    currency,
    placedAt: isoDateTime.optional(),
    updatedAt: isoDateTime
      .optional()
      .describe("When the order system last changed this order; an import never replaces a later change made in Throughline"),
    customer: z
      .strictObject({
        email: z.email().max(320).optional(),
        externalId: z.string().trim().max(128).optional(),
        name: z.string().trim().max(200).optional(),
      })
      .default({}),
    shippingAddress: addressRecord.optional(),
    shippingMethod: z.string().trim().max(64).optional(),
    lines: z.array(orderLineRecord).min(1).max(500),
    totals: z
      .strictObject({
        subtotal: money.optional(),
        shipping: money.default(0),
        tax: money.default(0),
        discount: money.default(0),
        total: money.optional(),
      })
      .default({ shipping: 0, tax: 0, discount: 0 }),
    payments: z.array(paymentRecord).max(50).default([]),
    refunds: z.array(refundRecord).max(50).default([]),
    fulfilments: z.array(fulfilmentRecord).max(50).default([]),
    promisedDeliveryAt: isoDateTime.optional(),
    estimatedDeliveryAt: isoDateTime.optional(),
    deliveredAt: isoDateTime.optional(),
    cancelledAt: isoDateTime.optional(),
    /** Status word in the source system, kept for display and audits (e.g. Shopify "fulfilled"). */
    sourceStatus: z.string().trim().max(64).optional(),
  })
  .superRefine((order, ctx) => {
    const ids = new Set<string>();
    for (const [index, line] of order.lines.entries()) {
      if (ids.has(line.id)) ctx.addIssue({ code: "custom", path: ["lines", index, "id"], message: "duplicate line id" });
      ids.add(line.id);
      if (line.returnedQuantity > line.quantity) {
        ctx.addIssue({
          code: "custom",
          path: ["lines", index, "returnedQuantity"],
          message: "returnedQuantity exceeds quantity",
        });
      }
    }
    for (const [index, fulfilment] of order.fulfilments.entries()) {
      for (const lineId of fulfilment.lineIds) {
        if (!ids.has(lineId)) {
          ctx.addIssue({
            code: "custom",
            path: ["fulfilments", index, "lineIds"],
            message: `unknown line id ${lineId}`,
          });
        }
      }
    }
  })
  .transform((order) => {
    const subtotal = round2(order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0));
    const totals = {
      subtotal: order.totals.subtotal ?? subtotal,
      shipping: order.totals.shipping,
      tax: order.totals.tax,
      discount: order.totals.discount,
      total:
        order.totals.total ??
        round2((order.totals.subtotal ?? subtotal) + order.totals.shipping + order.totals.tax - order.totals.discount),
    };
    return { ...order, totals };
  });
export type OrderInput = z.input<typeof orderRecord>;
export type Order = z.output<typeof orderRecord>;

export const variantRecord = z.strictObject({
  sku: text(64),
  title: z.string().trim().max(300).optional(),
  options: z.record(z.string().max(64), z.string().max(200)).default({}),
  price: money,
  currency,
  available: z.boolean().default(true),
});

export const productRecord = z.strictObject({
  id: text(64).describe("The retailer's product id"),
  title: text(300),
  description: z.string().max(20_000).default(""),
  category: z.string().trim().max(64).default(""),
  brand: z.string().trim().max(100).default(""),
  finalSale: z.boolean().default(false),
  tags: z.array(z.string().trim().max(64)).max(50).default([]),
  variants: z.array(variantRecord).min(1).max(1000),
});
export type ProductInput = z.input<typeof productRecord>;
export type Product = z.output<typeof productRecord>;
export type Variant = z.output<typeof variantRecord>;

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be HH:MM (24-hour)");
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const openingPeriod = z
  .strictObject({ open: timeOfDay, close: timeOfDay })
  .refine((p) => p.open < p.close, "close must be after open");

export const storeRecord = z.strictObject({
  code: text(64).describe("Store code, also the inventory location code"),
  name: text(200),
  kind: z.enum(["store", "fulfilment_centre"]).default("store"),
  address: addressRecord,
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  timezone: z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/London"),
  phone: z.string().trim().max(40).optional(),
  /** Weekly opening periods per weekday in the store's local time; a missing day means closed. */
  hours: z.partialRecord(z.enum(WEEKDAYS), z.array(openingPeriod).max(4)).default({}),
  /** Dates (store-local) that override the weekly hours: closed, or special hours. */
  holidays: z
    .array(
      z.strictObject({
        date: z.iso.date(),
        name: z.string().trim().max(200).optional(),
        closed: z.boolean().default(false),
        periods: z.array(openingPeriod).max(4).default([]),
      }),
    )
    .max(366)
    .default([]),
  services: z.array(z.string().trim().max(64)).max(50).default([]),
});
export type StoreInput = z.input<typeof storeRecord>;
export type Store = z.output<typeof storeRecord>;

export const inventoryRecord = z.strictObject({
  sku: text(64),
  location: text(64).describe("Store or fulfilment-centre code"),
  quantity: z.coerce.number().int().min(0, "quantity cannot be negative").max(10_000_000),
});
export type InventoryRecord = z.output<typeof inventoryRecord>;

export const postalCodeRecord = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/),
  postalCode: text(20),
  latitude: z.coerce.number().min(-90).max(90),
  longitude: z.coerce.number().min(-180).max(180),
});

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
