import type { z } from "zod";
import type { Db } from "../../db/client";
import { catalogueRepository } from "../builtin/catalogue.repository";
import { inventoryRepository } from "../builtin/inventory.repository";
import { ordersRepository, type UpsertCounts } from "../builtin/orders.repository";
import { storesRepository } from "../builtin/stores.repository";
import { contentHash, jsonContentHash } from "../lib/content-hash";
import {
  inventoryRecord,
  orderRecord,
  postalCodeRecord,
  productRecord,
  storeRecord,
  type InventoryRecord,
  type Order,
  type Product,
  type Store,
} from "../retail-records";
import { inventoryFromCsv, postalCodeFromCsv, storeFromCsv } from "./csv-rows";
import type { ImportFormat, RawRecord } from "./read-records";
import { groupOrderCsvRows } from "./order-csv";
import { shopifyOrderToRecord } from "./shopify-order";

export const IMPORT_KINDS = ["orders", "shopify-orders", "products", "stores", "inventory", "postal-codes"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** How one kind of record is read, keyed for de-duplication, and written in a batch. */
export type ImportKindSpec<T> = {
  formats: readonly ImportFormat[];
  schema: z.ZodType<T>;
  /** Source-format adaptation before validation (CSV columns, Shopify objects). */
  adapt(raw: unknown, format: ImportFormat): unknown;
  key(record: T): string;
  write(db: Db, workspaceId: string, batch: T[], now: Date): Promise<UpsertCounts>;
  batchSize: number;
  /** CSV whose records span several rows (an order's lines): rows are joined before validation. */
  groupCsv?: (rows: AsyncIterable<RawRecord> | Iterable<RawRecord>) => AsyncIterable<RawRecord>;
};

/** A spec with its record type erased, so specs of different kinds can sit in one table. */
export type AnyImportKindSpec = ImportKindSpec<unknown>;

// Sound because the service only hands a spec records produced by that same spec's schema.
const defineKind = <T>(spec: ImportKindSpec<T>): AnyImportKindSpec => spec as unknown as AnyImportKindSpec;

const passThrough = (raw: unknown) => raw;
const csvOr = (adapt: (row: Record<string, string>) => unknown) => (raw: unknown, format: ImportFormat) =>
  format === "csv" ? adapt(raw as Record<string, string>) : raw;

const orders = (source: string, adapt: (raw: unknown) => unknown) =>
  defineKind<Order>({
  formats: source === "throughline" ? ["json", "ndjson", "csv"] : ["json", "ndjson"],
  schema: orderRecord,
  adapt,
  key: (order) => order.number,
  write: (db, workspaceId, batch, now) =>
    ordersRepository(db).upsert(
      workspaceId,
      batch.map((order) => {
        const json = JSON.stringify(order);
        return { order, hash: jsonContentHash(json), source, json };
      }),
      now,
    ),
  batchSize: 1000,
  groupCsv: source === "throughline" ? groupOrderCsvRows : undefined,
  });

export const IMPORT_KIND_SPECS: Record<ImportKind, AnyImportKindSpec> = {
  orders: orders("throughline", passThrough),
  "shopify-orders": orders("shopify", shopifyOrderToRecord),
  products: defineKind<Product>({
    formats: ["json", "ndjson"],
    schema: productRecord,
    adapt: passThrough,
    key: (product: Product) => product.id,
    write: (db, workspaceId, batch: Product[], now) =>
      catalogueRepository(db).upsert(
        workspaceId,
        batch.map((product) => ({ product, hash: contentHash(product) })),
        now,
      ),
    batchSize: 200,
  }),
  stores: defineKind<Store>({
    formats: ["json", "ndjson", "csv"],
    schema: storeRecord,
    adapt: csvOr(storeFromCsv),
    key: (store: Store) => store.code,
    write: (db, workspaceId, batch: Store[], now) =>
      storesRepository(db).upsert(
        workspaceId,
        batch.map((store) => ({ store, hash: contentHash(store) })),
        now,
      ),
    batchSize: 500,
  }),
  inventory: defineKind<InventoryRecord>({
    formats: ["json", "ndjson", "csv"],
    schema: inventoryRecord,
    adapt: csvOr(inventoryFromCsv),
    key: (level: InventoryRecord) => `${level.sku}\u0000${level.location}`,
    write: (db, workspaceId, batch: InventoryRecord[], now) => inventoryRepository(db).upsert(workspaceId, batch, now),
    batchSize: 2000,
  }),
  "postal-codes": defineKind<z.output<typeof postalCodeRecord>>({
    formats: ["json", "ndjson", "csv"],
    schema: postalCodeRecord,
    adapt: csvOr(postalCodeFromCsv),
    key: (p: z.output<typeof postalCodeRecord>) => `${p.country}\u0000${p.postalCode}`,
    write: (db, workspaceId, batch: z.output<typeof postalCodeRecord>[]) =>
      storesRepository(db).upsertPostalCodes(workspaceId, batch),
    batchSize: 2000,
  }),
};
