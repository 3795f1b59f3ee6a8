import { z } from "zod";
import { storeHoursAt, type StoreHoursNow } from "../../connectors";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { fail, ok, type Tool } from "./tool";

const input = z.strictObject({ storeCode: z.string().trim().min(1).max(64) });

export type StoresHoursOutput = StoreHoursNow & { code: string; name: string };

/** Open now? Today's hours and the week ahead in the store's own time zone, holidays included. */
export function storesHoursTool(deps: RetailToolDeps): Tool<z.output<typeof input>, StoresHoursOutput> {
  return {
    name: "stores.hours",
    description: "Whether a store is open now, today's hours and the next 7 days in the store's time zone, including holiday exceptions.",
    input,
    requiresVerifiedCustomer: false,
    mutates: false,
    run: (ctx, args) =>
      guarded(async () => {
        const connectors = await deps.connectors.forWorkspace(ctx.workspaceId);
        const store = await connectors.stores.get(ctx.workspaceId, args.storeCode);
        if (!store) return fail({ code: "STORES_NOT_FOUND", message: `no store with code ${args.storeCode}` });
        return ok({ code: store.code, name: store.name, ...storeHoursAt(store, ctx.now) });
      }),
  };
}
