import { describe, expect, it } from "vitest";
import { initialDialogueState } from "../dialogue/dialogue.types";
import { restoreHeldContext } from "./restore-held-context";

describe("restoreHeldContext", () => {
  it("puts the held order back in hand once the contact is proven", () => {
    const state = restoreHeldContext({ ...initialDialogueState(), heldOrder: "1002" });
    expect(state).toMatchObject({ order: "1002", orders: ["1002"] });
    expect(state.heldOrder).toBeUndefined();
  });
  it("keeps an order the proof itself named in hand", () => {
    const state = restoreHeldContext({ ...initialDialogueState(), order: "1001", orders: ["1001"], heldOrder: "1002" });
    expect(state.order).toBe("1001");
    expect(state.orders).toEqual(["1001", "1002"]);
  });
  it("changes nothing when nothing is held", () => {
    const before = { ...initialDialogueState(), order: "1001", orders: ["1001"] };
    expect(restoreHeldContext(structuredClone(before))).toEqual(before);
  });
});
