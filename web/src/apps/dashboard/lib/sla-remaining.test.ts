import { describe, expect, it } from "vitest";
import { slaRemaining } from "./sla-remaining";

const now = Date.parse("2026-01-14T20:00:00Z");

describe("slaRemaining", () => {
  it("counts down in minutes and seconds under ten minutes, and flags the last five", () => {
    expect(slaRemaining("2026-01-14T20:04:05Z", now)).toEqual({
      text: "4:05 left",
      breached: false,
      soon: true,
    });
  });

  it("counts whole minutes and hours further out", () => {
    expect(slaRemaining("2026-01-14T20:30:00Z", now).text).toBe("30 min left");
    expect(slaRemaining("2026-01-14T21:03:30Z", now).text).toBe("1 h 3 min left");
  });

  it("says how far past the promise a breached item is", () => {
    expect(slaRemaining("2026-01-14T19:48:00Z", now)).toEqual({
      text: "12 min over",
      breached: true,
      soon: false,
    });
  });
});
