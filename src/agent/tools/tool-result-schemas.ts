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
