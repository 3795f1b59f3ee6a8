export type { OrderSystem, OrderOwnerKeys } from "./order-system";
export type { OrderActionTarget, RemoteActionAnswer } from "./order-actions";
export type { InventorySystem, InventoryLevel } from "./inventory";
export type { StoreDirectory, GeoPoint } from "./store-directory";
export type { Catalogue, ProductHit, VariantWithProduct } from "./catalogue";
export {
  ORDER_STATUSES,
  orderRecord,
  productRecord,
  storeRecord,
  inventoryRecord,
  addressRecord,
  postalCodeRecord,
  type Order,
  type OrderInput,
  type OrderLine,
  type OrderStatus,
  type Product,
  type ProductInput,
  type Store,
  type StoreInput,
  type Address,
  type InventoryRecord,
} from "./retail-records";
export { createConnectorsService, type ConnectorsService, type WorkspaceConnectors } from "./connectors.service";
export { createImportService, isImportKind, type ImportService, type ImportReport } from "./import/import.service";
export { IMPORT_KINDS, type ImportKind } from "./import/import-kinds";
export { IMPORT_FORMATS, type ImportFormat } from "./import/read-records";
export { createOrderActionsService, type OrderActionsService, type ActionOutcome } from "./builtin/order-actions.service";
export { haversineKm } from "./lib/haversine-km";
export { storeHoursAt, hoursOn, type StoreHoursNow, type DayHours } from "./lib/opening-hours";
export { normalisePostalCodeFor } from "./lib/postal-code";
export { orderNumberVariants } from "./lib/order-number-variants";
export { httpConnectorConfigSchema, type HttpConnectorConfig } from "./http/http.config";
export { createWebhooksService, type WebhooksService, WEBHOOK_EVENT_TYPES } from "./webhooks/webhooks.service";
export { signWebhook, verifyWebhookSignature, SIGNATURE_HEADER } from "./webhooks/webhook-signature";
export { createRetailDeletion, type RetailDeletion } from "./retail-deletion";
export { retailDeletionRoutes } from "./retail-deletion.routes";
