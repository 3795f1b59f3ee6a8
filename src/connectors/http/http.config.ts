import { z } from "zod";
import { ORDER_STATUSES } from "../retail-records";

const path = z
  .string()
  .max(500)
  .regex(/^\//, "must start with /");
const mapping = z.record(z.string().max(100), z.string().max(200)).refine((m) => Object.keys(m).length <= 100);

/**
 * Settings of the HTTP connector, stored per workspace (connector_settings.http) and changed
 * through the admin API without a restart. `authHeader.value` is sensitive and never returned.
 */
export const httpConnectorConfigSchema = z.strictObject({
  baseUrl: z.url().max(2000),
  authHeader: z.strictObject({ name: z.string().min(1).max(100), value: z.string().min(1).max(2000) }).optional(),
  /** `{number}` is replaced by the URL-encoded order number. */
  orderPath: path.default("/orders/{number}"),
  /** `{email}` and `{externalId}` are replaced; leave out to disable listing by customer. */
  customerOrdersPath: path.optional(),
  /** `{sku}` is replaced; the answer lists stock per location. */
  inventoryPath: path.default("/inventory/{sku}"),
  /**
   * Order actions sent to the retailer's system (POST, JSON body, `Idempotency-Key` header);
   * `{number}` is replaced. An action without a path is published as an order.action_requested
   * event instead, for the retailer's system to act on.
   */
  actions: z
    .strictObject({
      cancel: path.optional(),
      changeAddress: path.optional(),
      createReturn: path.optional(),
      createExchange: path.optional(),
    })
    .default({}),
  timeoutMs: z.number().int().min(50).max(30_000).default(2000),
  retries: z.number().int().min(0).max(5).default(2),
  backoffMs: z.number().int().min(0).max(10_000).default(200),
  breaker: z
    .strictObject({
      consecutiveFailures: z.number().int().min(1).max(100).default(5),
      halfOpenAfterMs: z.number().int().min(100).max(600_000).default(30_000),
    })
    .default({ consecutiveFailures: 5, halfOpenAfterMs: 30_000 }),
  /**
   * Field mapping from the upstream JSON to Throughline's order format: target path → source
   * path (dotted). Empty means the upstream already speaks Throughline's format.
   */
  mapping: z
    .strictObject({
      order: mapping.default({}),
      line: mapping.default({}),
      fulfilment: mapping.default({}),
      /** Upstream status word → Throughline status. */
      statuses: z.record(z.string().max(64), z.enum(ORDER_STATUSES)).default({}),
      /** Where the list of orders sits in a customer-orders answer (e.g. "data.orders"). */
      orderList: z.string().max(200).default(""),
      inventory: z
        .strictObject({
          list: z.string().max(200).default(""),
          sku: z.string().max(200).default("sku"),
          location: z.string().max(200).default("location"),
          quantity: z.string().max(200).default("quantity"),
        })
        .default({ list: "", sku: "sku", location: "location", quantity: "quantity" }),
    })
    .default({
      order: {},
      line: {},
      fulfilment: {},
      statuses: {},
      orderList: "",
      inventory: { list: "", sku: "sku", location: "location", quantity: "quantity" },
    }),
});
export type HttpConnectorConfig = z.output<typeof httpConnectorConfigSchema>;
export type HttpConnectorConfigInput = z.input<typeof httpConnectorConfigSchema>;
