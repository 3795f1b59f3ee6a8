import type { z } from "zod";
import { createReturnRequest, returnInput, type ReturnRequestOutput } from "./return-request";
import type { RetailToolDeps } from "./retail-tool-deps";
import type { Tool } from "./tool";

/** Starts a return of delivered items within the return policy. */
export function returnsCreateTool(deps: RetailToolDeps): Tool<z.output<typeof returnInput>, ReturnRequestOutput> {
  return {
    name: "returns.create",
    description: "Start a return of delivered order lines within the return policy; refunds the item value less any restocking fee.",
    input: returnInput,
    requiresVerifiedCustomer: true,
    mutates: true,
    run: (ctx, args) => createReturnRequest(deps, ctx, "return", args),
  };
}
