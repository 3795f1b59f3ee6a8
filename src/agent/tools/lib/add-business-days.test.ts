import { describe, expect, it } from "vitest";
import { addBusinessDays } from "./add-business-days";

describe("addBusinessDays", () => {
  it("skips weekends", () => {
    // Friday + 1 business day = Monday.
    expect(addBusinessDays(new Date("2026-01-16T12:00:00Z"), 1).toISOString()).toBe("2026-01-19T12:00:00.000Z");
    expect(addBusinessDays(new Date("2026-01-14T12:00:00Z"), 5).toISOString()).toBe("2026-01-21T12:00:00.000Z");
  });
  it("returns the start for zero days", () => {
    expect(addBusinessDays(new Date("2026-01-17T00:00:00Z"), 0).toISOString()).toBe("2026-01-17T00:00:00.000Z");
  });
});
