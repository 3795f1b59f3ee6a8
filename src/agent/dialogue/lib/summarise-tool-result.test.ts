import { describe, expect, it } from "vitest";
import { summariseToolResult } from "./summarise-tool-result";

describe("summariseToolResult", () => {
  it("tells a released authorisation from a refund", () => {
    const data = { orderNumber: "2007", status: "cancelled", refundAmount: 0, authorisationReleasedAmount: 24 };
    expect(summariseToolResult("order.cancel", { ok: true, data })).toBe(
      "order.cancel: status cancelled, refundAmount 0, authorisationReleasedAmount 24",
    );
  });
  it("says how a stock check matched the options named", () => {
    const data = { match: "several", product: { id: "P-1", title: "Jacket" }, variants: [] };
    expect(summariseToolResult("inventory.check", { ok: true, data })).toBe("inventory.check: match several");
  });
});
