import type { Store } from "./retail-records";

export type GeoPoint = { latitude: number; longitude: number };

/** The retailer's stores and fulfilment centres with location, time zone and opening hours. */
export interface StoreDirectory {
  list(workspaceId: string): Promise<Store[]>;
  get(workspaceId: string, code: string): Promise<Store | null>;
  /** Centre of a postal code, from imported postal codes or a store at that code; null if unknown. */
  locatePostalCode(workspaceId: string, country: string, postalCode: string): Promise<GeoPoint | null>;
}
