export { createStoreDesk, type StoreDesk } from "./store.service";
export { storeRoutes } from "./store.routes";
export type { CustomerLookup, OrderSummary, StoreInteraction } from "./store.types";
