import { deliveryWindowTool } from "./delivery-window";
import { exchangesCreateTool } from "./exchanges-create";
import { inventoryCheckTool } from "./inventory-check";
import { orderCancelTool } from "./order-cancel";
import { orderChangeAddressTool } from "./order-change-address";
import { orderLookupTool } from "./order-lookup";
import { orderStatusTool } from "./order-status";
import { productsGetTool } from "./products-get";
import { productsSearchTool } from "./products-search";
import type { RetailToolDeps } from "./retail-tool-deps";
import { returnsCreateTool } from "./returns-create";
import { returnsEligibilityTool } from "./returns-eligibility";
import { storesFindTool } from "./stores-find";
import { storesHoursTool } from "./stores-hours";
import { fail, type Tool, type ToolContext, type ToolResult } from "./tool";

export type { RetailToolDeps } from "./retail-tool-deps";
export * from "./tool";

// Tools differ in input and output types; the registry holds them erased, run through runTool.
export type AnyTool = Tool<never, unknown>;
export type RetailTools = Record<string, AnyTool>;

/** Every retail tool by name: the agent and the REST API call the same code. */
export function createRetailTools(deps: RetailToolDeps): RetailTools {
  const tools = [
    orderLookupTool(deps),
    orderStatusTool(deps),
    deliveryWindowTool(deps),
    returnsEligibilityTool(deps),
    storesFindTool(deps),
    storesHoursTool(deps),
    inventoryCheckTool(deps),
    productsSearchTool(deps),
    productsGetTool(deps),
    orderCancelTool(deps),
    orderChangeAddressTool(deps),
    returnsCreateTool(deps),
    exchangesCreateTool(deps),
  ] as unknown as AnyTool[];
  return Object.fromEntries(tools.map((tool) => [tool.name, tool]));
}

/** Validates raw input against the tool's schema, then runs it; bad input is a typed failure naming the field. */
export async function runTool(tool: AnyTool, context: ToolContext, rawInput: unknown): Promise<ToolResult<unknown>> {
  const parsed = (tool.input as unknown as { safeParse(v: unknown): { success: true; data: never } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }).safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") ?? "";
    return fail({ code: "TOOLS_INPUT_INVALID", message: `input${field ? `.${field}` : ""}: ${issue?.message ?? "invalid"}` });
  }
  return tool.run(context, parsed.data);
}
