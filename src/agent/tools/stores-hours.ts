import { z } from "zod";
import { hoursOn, storeHoursAt, type DayHours, type Store, type StoreHoursNow } from "../../connectors";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { fail, ok, type Tool } from "./tool";

const input = z.strictObject({
  storeCode: z.string().trim().min(1).max(64),
  date: z.iso
    .date("date must be an ISO date such as 2026-12-25")
    .optional()
    .describe("A store-local date (YYYY-MM-DD) to give the hours for, any distance ahead; holiday exceptions apply"),
});

export type StoresHoursOutput = StoreHoursNow & {
  code: string;
  name: string;
  /** Where the store is, so "where is your Chicago store?" is answered with the address. */
  address: Store["address"];
  /** Hours on the requested date: the holiday exception for that date, else the weekly schedule. */
  day: DayHours | null;
};

/** Open now? Today's hours, the week ahead and any date asked for, in the store's own time zone, holidays included. */
export function storesHoursTool(deps: RetailToolDeps): Tool<z.output<typeof input>, StoresHoursOutput> {
  return {
    name: "stores.hours",
    description:
      "A store's address, whether it is open now, today's hours and the next 7 days in the store's time zone, and the hours on any given date (holiday exceptions applied).",
    input,
    requiresVerifiedCustomer: false,
    mutates: false,
    run: (ctx, args) =>
      guarded(async () => {
        const connectors = await deps.connectors.forWorkspace(ctx.workspaceId);
        const store = await connectors.stores.get(ctx.workspaceId, args.storeCode);
        if (!store) return fail({ code: "STORES_NOT_FOUND", message: `no store with code ${args.storeCode}` });
        // The weekly schedule plus the store's exceptions answer any date, not only the next seven.
        const day = args.date ? hoursOn(store, args.date) : null;
        return ok({ code: store.code, name: store.name, address: store.address, ...storeHoursAt(store, ctx.now), day });
      }),
  };
}
