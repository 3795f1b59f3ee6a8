import { describe, expect, it } from "vitest";
import { initialDialogueState } from "../dialogue/dialogue.types";
import { forgetProvenContext } from "./forget-proven-context";

describe("forgetProvenContext", () => {
  it("drops the orders, the pending action, the new address and the proof, and keeps the conversation's mood", () => {
    const state = {
      ...initialDialogueState(),
      orders: ["1001", "1002"],
      order: "1002",
      pending: { kind: "confirm" as const, tool: "order.cancel", args: { orderNumber: "1001" }, intent: "cancel_order", summary: "cancel 1001" },
      newAddress: "5 Spring Street",
      proof: { method: "order_postcode" as const, at: "2026-01-01T00:00:00Z", until: "2026-01-02T00:00:00Z", identityIds: ["idn_1"] },
      sentiment: [-0.4, -0.6],
      verificationFailures: 1,
    };
    const forgotten = forgetProvenContext(state);
    expect(forgotten).toEqual({ ...initialDialogueState(), sentiment: [-0.4, -0.6], verificationFailures: 1, heldOrder: "1002" });
    const { heldOrder: _held, ...readable } = forgotten;
    expect(JSON.stringify(readable)).not.toMatch(/1001|1002|Spring/);
  });

  it("keeps holding the order through a second unproven turn", () => {
    const once = forgetProvenContext({ ...initialDialogueState(), order: "1002", orders: ["1002"] });
    expect(forgetProvenContext(once)).toMatchObject({ heldOrder: "1002", orders: [] });
    expect(forgetProvenContext(once).order).toBeUndefined();
  });
});
