import type { ToolResult } from "../../tools/tool";

/** One readable line per tool call for the handoff summary and the timeline. */
export function summariseToolResult(name: string, result: ToolResult<unknown>): string {
  if (!result.ok) return `${name} failed: ${result.error.code}${result.error.rule ? ` (${result.error.rule.id})` : ""}`;
  const data = result.data;
  if (Array.isArray(data)) return `${name}: ${data.length} result${data.length === 1 ? "" : "s"}`;
  if (data && typeof data === "object") {
    const r = data as Record<string, unknown>;
    const inner = (r.order && typeof r.order === "object" ? r.order : r) as Record<string, unknown>;
    // Money moved or only a hold released, and how a stock check matched, are what a person
    // taking over must not misread.
    const bits = ["number", "status", "eligible", "openNow", "title", "name", "match", "refundAmount", "authorisationReleasedAmount"]
      .filter((k) => inner[k] !== undefined && typeof inner[k] !== "object")
      .map((k) => `${k} ${String(inner[k])}`);
    for (const k of ["orders", "stores", "results", "products", "locations"]) {
      if (Array.isArray(r[k])) bits.push(`${(r[k] as unknown[]).length} ${k}`);
    }
    return bits.length ? `${name}: ${bits.join(", ")}` : `${name}: ok`;
  }
  return `${name}: ok`;
}
