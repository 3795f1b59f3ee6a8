import { z } from "zod";

/**
 * What the retail-data routes answer, for /openapi.json and generated clients. Each names the
 * fields a client relies on and keeps the rest (`looseObject`), so a field added to a tool's
 * output reaches clients without a schema change.
 */
const storeSummary = z
  .looseObject({
    code: z.string(),
    name: z.string(),
    timezone: z.string(),
    distanceKm: z.number(),
    openNow: z.boolean(),
    todayHours: z.array(z.object({ open: z.string(), close: z.string() })),
  })
  .meta({ id: "StoreSummary" });

const orderView = z
  .looseObject({
    number: z.string().meta({ example: "1001" }),
    status: z.string().meta({ example: "shipped" }),
    currency: z.string().meta({ example: "USD" }),
    statusText: z.string().describe("The order's status in plain language, from the data"),
    trackingNumbers: z.array(z.string()),
    lines: z.array(
      z.looseObject({ sku: z.string().nullable().optional(), title: z.string(), quantity: z.number() }),
    ),
  })
  .meta({ id: "OrderView" });

const product = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    category: z.string(),
    variants: z.array(z.looseObject({ sku: z.string() })),
  })
  .meta({ id: "Product" });

export const orderListResult = z.object({ orders: z.array(orderView) }).meta({ id: "OrderList" });
export const storeListResult = z.object({ stores: z.array(storeSummary) }).meta({ id: "StoreList" });
export const storeHoursResult = z
  .looseObject({ code: z.string(), name: z.string(), openNow: z.boolean() })
  .meta({ id: "StoreHours" });
export const productListResult = z
  .object({ products: z.array(z.looseObject({ id: z.string(), title: z.string() })) })
  .meta({ id: "ProductList" });
export const productResult = z.object({ product }).meta({ id: "ProductResult" });
export const inventoryResult = z
  .looseObject({
    match: z.enum(["sku", "exact", "several", "none"]),
    product: z.looseObject({ id: z.string(), title: z.string() }),
  })
  .meta({ id: "InventoryCheck" });
/** A tool run by name: the output's shape is the named tool's (see GET /tools and the typed routes). */
export const toolOutput = z
  .record(z.string(), z.unknown())
  .describe("The tool's output object, e.g. `{ orders: [...] }` for order.lookup")
  .meta({ id: "ToolOutput" });

const deliveryEstimate = z
  .looseObject({
    from: z.string(),
    to: z.string(),
    basis: z.enum(["delivered", "carrier_estimate", "promised", "policy_transit_days"]),
    estimated: z.boolean().describe("True when the dates are our estimate from the policy's usual transit days"),
    late: z.boolean(),
    note: z.string().nullable(),
  })
  .meta({ id: "DeliveryEstimate" });

const actionMeta = {
  replayed: z.boolean().describe("True when this request id had already acted: nothing was done twice"),
  writeBack: z.enum(["requested", "performed"]).optional(),
};

const address = z.looseObject({ line1: z.string(), city: z.string(), postalCode: z.string(), country: z.string() });

const orderStatusResult = z
  .looseObject({
    number: z.string(),
    status: z.string(),
    statusText: z.string(),
    carrier: z.string().nullable(),
    trackingNumbers: z.array(z.string()),
    trackingUrl: z.string().nullable(),
    delivery: deliveryEstimate.nullable(),
  })
  .meta({ id: "OrderStatus" });

const deliveryWindowResult = z
  .looseObject({ kind: z.enum(["order", "pickup", "shipping"]) })
  .describe("`order`: { orderNumber, status, estimate }; `pickup`: { sku, storeCode, storeName, readyAt, quantity }; `shipping`: { sku, shippingMethod, from, to, postalCode, distanceKm }")
  .meta({ id: "DeliveryWindow" });

const returnsEligibilityResult = z
  .looseObject({
    orderNumber: z.string(),
    lines: z.array(
      z.looseObject({
        lineId: z.string(),
        sku: z.string(),
        title: z.string(),
        eligible: z.boolean(),
        returnableQuantity: z.number(),
        windowDays: z.number(),
        delivered: z.boolean(),
        deliveredAt: z.string().nullable(),
        windowEndsAt: z.string().nullable(),
      }),
    ),
    policySource: z
      .looseObject({ entryId: z.string(), version: z.number() })
      .nullable()
      .describe("The knowledge-base return policy version the answer came from; null for the built-in default"),
  })
  .meta({ id: "ReturnsEligibility" });

const orderCancelResult = z
  .looseObject({
    orderNumber: z.string(),
    status: z.literal("cancelled"),
    cancelledAt: z.string(),
    refundAmount: z.number().describe("Captured money returned to the shopper"),
    authorisationReleasedAmount: z.number().describe("A card hold released: no money had been taken"),
    ...actionMeta,
  })
  .meta({ id: "OrderCancelled" });

const addressChangeResult = z
  .looseObject({ orderNumber: z.string(), shippingAddress: address, previousAddress: address.nullable(), ...actionMeta })
  .meta({ id: "OrderAddressChanged" });

const returnRequestResult = z
  .looseObject({
    returnId: z.string(),
    kind: z.enum(["return", "exchange"]),
    orderNumber: z.string(),
    lines: z.array(z.looseObject({ lineId: z.string(), sku: z.string(), quantity: z.number(), newSku: z.string().optional() })),
    refundAmount: z.number(),
    priceDifference: z.number().describe("Exchanges: what the shopper pays (positive) or gets back (negative)"),
    ...actionMeta,
  })
  .meta({ id: "ReturnRequest" });

/**
 * What each tool answers, by name: listed by GET /tools as `output`, and checked against every
 * tool run in the tool tests, so a tool whose output drifts from what clients were told fails.
 */
export const toolOutputSchemas: Record<string, z.ZodType> = {
  "order.lookup": orderListResult,
  "order.status": orderStatusResult,
  "delivery.window": deliveryWindowResult,
  "returns.eligibility": returnsEligibilityResult,
  "stores.find": storeListResult,
  "stores.hours": storeHoursResult,
  "inventory.check": inventoryResult,
  "products.search": productListResult,
  "products.get": productResult,
  "order.cancel": orderCancelResult,
  "order.changeAddress": addressChangeResult,
  "returns.create": returnRequestResult,
  "exchanges.create": returnRequestResult,
};

/** POST /tools/{name}: one of the named outputs; the generic object keeps tools added later valid. */
export const anyToolOutput = z.union([
  orderListResult,
  orderStatusResult,
  deliveryWindowResult,
  returnsEligibilityResult,
  storeListResult,
  storeHoursResult,
  inventoryResult,
  productListResult,
  productResult,
  orderCancelResult,
  addressChangeResult,
  returnRequestResult,
  toolOutput,
]);
