import { describe, expect, it } from "vitest";
import { cursorDate, cursorSeq, decodeCursor, encodeCursor } from "./keyset-cursor";

describe("keyset cursor", () => {
  it("round-trips the sort key of the last row", () => {
    const raw = encodeCursor(["2026-03-02T09:00:00.000Z", "message_01"]);
    expect(decodeCursor(raw, 2, "X")).toEqual(["2026-03-02T09:00:00.000Z", "message_01"]);
    expect(cursorSeq(decodeCursor(encodeCursor([42]), 1, "X")[0] ?? "", "X")).toBe(42);
  });

  it("refuses forged cursors naming the field", () => {
    for (const [raw, arity] of [
      ["garbage", 2],
      [encodeCursor(["a", "b", "c"]), 2],
      [encodeCursor(["", "b"]), 2],
    ] as const) {
      expect(() => decodeCursor(raw, arity, "X_CURSOR")).toThrow(
        expect.objectContaining({ field: "cursor" }),
      );
    }
    expect(() => cursorDate("not a date", "X")).toThrow("cursor");
    expect(() => cursorSeq("-1", "X")).toThrow("cursor");
    expect(() => cursorSeq("1e5", "X")).toThrow("cursor");
  });
});
