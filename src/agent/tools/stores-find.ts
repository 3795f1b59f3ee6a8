import { z } from "zod";
import { haversineKm, storeHoursAt, type Store } from "../../connectors";
import { hasLocation, locationFields, resolveLocation } from "./location-input";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { fail, ok, type Tool } from "./tool";

const input = z.strictObject({
  ...locationFields,
  service: z.string().trim().min(1).max(64).optional().describe("Only stores offering this service, e.g. click_and_collect"),
  limit: z.number().int().min(1).max(50).default(5),
});

export type StoreSummary = {
  code: string;
  name: string;
  address: Store["address"];
  phone: string | null;
  timezone: string;
  services: string[];
  distanceKm: number;
  openNow: boolean;
  todayHours: { open: string; close: string }[];
};

export function storeSummary(store: Store, distanceKm: number, now: Date): StoreSummary {
  const hours = storeHoursAt(store, now);
  return {
    code: store.code,
    name: store.name,
    address: store.address,
    phone: store.phone ?? null,
    timezone: store.timezone,
    services: store.services,
    distanceKm: Math.round(distanceKm * 10) / 10,
    openNow: hours.openNow,
    todayHours: hours.today.periods,
  };
}

/** Nearest stores to a point or postal code, closest first, with distance and whether open now. */
export function storesFindTool(deps: RetailToolDeps): Tool<z.output<typeof input>, { stores: StoreSummary[] }> {
  return {
    name: "stores.find",
    description: "Find the nearest stores to a latitude/longitude or postal code, with distance in km and whether each is open now.",
    input,
    requiresVerifiedCustomer: false,
    mutates: false,
    run: (ctx, args) =>
      guarded(async () => {
        if (!hasLocation(args)) return fail({ code: "LOCATION_REQUIRED", message: "give latitude and longitude, or a postal code" });
        const connectors = await deps.connectors.forWorkspace(ctx.workspaceId);
        const point = await resolveLocation(connectors, ctx.workspaceId, args);
        if (!point.ok) return point;
        const stores = (await connectors.stores.list(ctx.workspaceId))
          .filter((store) => store.kind === "store")
          .filter((store) => !args.service || store.services.includes(args.service))
          .map((store) => ({ store, distance: haversineKm(point.data, store) }))
          .sort((a, b) => a.distance - b.distance || a.store.code.localeCompare(b.store.code))
          .slice(0, args.limit);
        return ok({ stores: stores.map(({ store, distance }) => storeSummary(store, distance, ctx.now)) });
      }),
  };
}
