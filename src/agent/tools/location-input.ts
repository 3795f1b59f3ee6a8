import { z } from "zod";
import { normalisePostalCodeFor, type GeoPoint, type WorkspaceConnectors } from "../../connectors";
import { fail, ok, type ToolResult } from "./tool";

/** A place given by coordinates or by postal code (country defaults to US). */
export const locationFields = {
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  postalCode: z.string().trim().min(1).max(20).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code")
    .default("US"),
};

export type LocationArgs = { latitude?: number; longitude?: number; postalCode?: string; country: string };

export const hasLocation = (args: LocationArgs) =>
  (args.latitude !== undefined && args.longitude !== undefined) || args.postalCode !== undefined;

export async function resolveLocation(
  connectors: WorkspaceConnectors,
  workspaceId: string,
  args: LocationArgs,
): Promise<ToolResult<GeoPoint & { postalCode?: string }>> {
  if (args.latitude !== undefined && args.longitude !== undefined) {
    return ok({ latitude: args.latitude, longitude: args.longitude });
  }
  if ((args.latitude === undefined) !== (args.longitude === undefined)) {
    return fail({ code: "LOCATION_INCOMPLETE", message: "give both latitude and longitude" });
  }
  if (!args.postalCode) return fail({ code: "LOCATION_REQUIRED", message: "give latitude and longitude, or a postal code" });
  const postalCode = normalisePostalCodeFor(args.country, args.postalCode);
  if (!postalCode) {
    return fail({ code: "LOCATION_POSTAL_CODE_INVALID", message: `"${args.postalCode}" is not a valid ${args.country} postal code` });
  }
  const point = await connectors.stores.locatePostalCode(workspaceId, args.country, postalCode);
  if (!point) {
    return fail({ code: "LOCATION_POSTAL_CODE_UNKNOWN", message: `postal code ${postalCode} is not one we can locate; try coordinates or a nearby code` });
  }
  return ok({ ...point, postalCode });
}
