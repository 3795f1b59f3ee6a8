import { describe, expect, it } from "vitest";
import { hoursOn, storeHoursAt } from "./opening-hours";
import { zonedTimeToInstant } from "./zoned-time";

const london = {
  timezone: "Europe/London",
  hours: {
    mon: [{ open: "09:00", close: "20:00" }],
    tue: [{ open: "09:00", close: "20:00" }],
    wed: [{ open: "09:00", close: "20:00" }],
    thu: [{ open: "09:00", close: "20:00" }],
    fri: [{ open: "09:00", close: "20:00" }],
    sat: [{ open: "10:00", close: "18:00" }],
  },
  holidays: [{ date: "2026-12-25", name: "Christmas Day", closed: true, periods: [] }],
};

describe("storeHoursAt", () => {
  it("reads the weekly hours in the store's own time zone, across summer time", () => {
    // 08:30 UTC on a July Monday is 09:30 in London (BST): open.
    const summer = storeHoursAt(london, new Date("2026-07-06T08:30:00Z"));
    expect(summer.openNow).toBe(true);
    expect(summer.localTime).toBe("2026-07-06T09:30");
    expect(summer.closesAt).toBe("2026-07-06T19:00:00.000Z");
    // 08:30 UTC on a January Monday is 08:30 in London (GMT): not yet open.
    const winter = storeHoursAt(london, new Date("2026-01-05T08:30:00Z"));
    expect(winter.openNow).toBe(false);
    expect(winter.nextOpening).toEqual({ at: "2026-01-05T09:00:00.000Z", date: "2026-01-05", time: "09:00" });
  });

  it("is closed on Sunday and names the next opening on Monday", () => {
    const sunday = storeHoursAt(london, new Date("2026-01-11T12:00:00Z"));
    expect(sunday.openNow).toBe(false);
    expect(sunday.today.closed).toBe(true);
    expect(sunday.nextOpening?.date).toBe("2026-01-12");
  });

  it("lets a holiday exception override the weekly hours", () => {
    const christmas = storeHoursAt(london, new Date("2026-12-25T12:00:00Z"));
    expect(christmas.openNow).toBe(false);
    expect(christmas.today.holiday).toBe("Christmas Day");
    expect(christmas.nextOpening?.date).toBe("2026-12-26");
    expect(hoursOn(london, "2026-12-24").holiday).toBeNull();
  });

  it("uses the local date, not the UTC date, near midnight", () => {
    const ny = { ...london, timezone: "America/New_York" };
    // 02:00 UTC Saturday is 21:00 Friday in New York.
    const result = storeHoursAt(ny, new Date("2026-01-10T02:00:00Z"));
    expect(result.today.weekday).toBe("fri");
  });
});

describe("zonedTimeToInstant", () => {
  it("converts wall-clock times on both sides of a DST change", () => {
    expect(zonedTimeToInstant("2026-03-07", "10:00", "America/New_York").toISOString()).toBe("2026-03-07T15:00:00.000Z");
    expect(zonedTimeToInstant("2026-03-09", "10:00", "America/New_York").toISOString()).toBe("2026-03-09T14:00:00.000Z");
    expect(zonedTimeToInstant("2026-06-01", "09:00", "Asia/Tokyo").toISOString()).toBe("2026-06-01T00:00:00.000Z");
  });
});
