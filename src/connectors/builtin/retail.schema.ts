import {
  boolean,
  doublePrecision,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import type { Order, Store } from "../retail-records";

export const retailProducts = pgTable("retail_products", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  externalId: text().notNull(),
  title: text().notNull(),
  description: text().notNull().default(""),
  category: text().notNull().default(""),
  brand: text().notNull().default(""),
  finalSale: boolean().notNull().default(false),
  tags: text().array().notNull().default([]),
  contentHash: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const retailVariants = pgTable("retail_variants", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  productId: text().notNull(),
  sku: text().notNull(),
  title: text().notNull().default(""),
  options: jsonb().$type<Record<string, string>>().notNull().default({}),
  price: numeric({ precision: 14, scale: 2 }).notNull(),
  currency: text().notNull(),
  available: boolean().notNull().default(true),
});

export const retailStores = pgTable("retail_stores", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  code: text().notNull(),
  name: text().notNull(),
  kind: text().$type<Store["kind"]>().notNull().default("store"),
  latitude: doublePrecision().notNull(),
  longitude: doublePrecision().notNull(),
  timezone: text().notNull(),
  postalCode: text().notNull().default(""),
  country: text().notNull().default(""),
  doc: jsonb().$type<Store>().notNull(),
  contentHash: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const retailInventory = pgTable(
  "retail_inventory",
  {
    workspaceId: text().notNull(),
    sku: text().notNull(),
    locationCode: text().notNull(),
    quantity: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.sku, table.locationCode] })],
);

export const retailPostalCodes = pgTable(
  "retail_postal_codes",
  {
    workspaceId: text().notNull(),
    country: text().notNull(),
    postalCode: text().notNull(),
    latitude: doublePrecision().notNull(),
    longitude: doublePrecision().notNull(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.country, table.postalCode] })],
);

export const retailOrders = pgTable("retail_orders", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  number: text().notNull(),
  status: text().$type<Order["status"]>().notNull(),
  customerEmail: text(),
  customerRef: text(),
  placedAt: timestamp({ withTimezone: true }),
  total: numeric({ precision: 14, scale: 2 }).notNull().default("0"),
  doc: jsonb().$type<Order>().notNull(),
  contentHash: text().notNull(),
  source: text().notNull().default("throughline"),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** When the order system last changed the imported version (its `updatedAt`). */
  sourceUpdatedAt: timestamp({ withTimezone: true }),
  /** When Throughline itself last changed the order (an action); cleared by a newer source version. */
  localChangedAt: timestamp({ withTimezone: true }),
});

export type ReturnLine = { lineId: string; sku: string; quantity: number; newSku?: string };

export const retailReturns = pgTable("retail_returns", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  orderId: text().notNull(),
  kind: text().$type<"return" | "exchange">().notNull(),
  status: text().$type<"requested" | "received" | "refunded" | "cancelled">().notNull().default("requested"),
  lines: jsonb().$type<ReturnLine[]>().notNull(),
  reason: text().notNull().default(""),
  refundAmount: numeric({ precision: 14, scale: 2 }).notNull().default("0"),
  customerId: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const retailActionRequests = pgTable(
  "retail_action_requests",
  {
    workspaceId: text().notNull(),
    requestId: text().notNull(),
    tool: text().notNull(),
    inputHash: text().notNull(),
    result: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.requestId] })],
);
