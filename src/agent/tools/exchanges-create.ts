import type { z } from "zod";
import { createReturnRequest, exchangeInput, type ReturnRequestOutput } from "./return-request";
import type { RetailToolDeps } from "./retail-tool-deps";
import type { Tool } from "./tool";

/** Exchanges delivered items for another variant of the same product, within the return policy. */
export function exchangesCreateTool(deps: RetailToolDeps): Tool<z.output<typeof exchangeInput>, ReturnRequestOutput> {
  return {
    name: "exchanges.create",
    description: "Exchange delivered order lines for another variant (size, colour) of the same product, within the return policy.",
    input: exchangeInput,
    requiresVerifiedCustomer: true,
    mutates: true,
    run: (ctx, args) => createReturnRequest(deps, ctx, "exchange", args),
  };
}
