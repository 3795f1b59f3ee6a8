import { describe, expect, it } from "vitest";
import { queueOpenAt, type Schedule } from "./queue-open-at";

const weekdays = { open: "09:00", close: "17:00" };
const office: Schedule = {
  timezone: "America/New_York",
  hours: { mon: [weekdays], tue: [weekdays], wed: [weekdays], thu: [weekdays], fri: [weekdays] },
  holidays: [{ date: "2026-12-25", name: "Christmas Day", closed: true }],
};

describe("queueOpenAt", () => {
  it("is open inside the weekly hours in the queue's zone, not UTC", () => {
    // 13:30 UTC on a Wednesday in January is 08:30 in New York: not yet open.
    expect(queueOpenAt(office, new Date("2026-01-14T13:30:00Z")).open).toBe(false);
    const state = queueOpenAt(office, new Date("2026-01-14T14:30:00Z"));
    expect(state.open).toBe(true);
    expect(state.closesAt?.toISOString()).toBe("2026-01-14T22:00:00.000Z");
  });

  it("names Monday's opening on a Saturday", () => {
    const state = queueOpenAt(office, new Date("2026-01-17T15:00:00Z"));
    expect(state.open).toBe(false);
    expect(state.opensAt?.toISOString()).toBe("2026-01-19T14:00:00.000Z");
  });

  it("stays closed on a holiday exception and opens the next working day", () => {
    const state = queueOpenAt(office, new Date("2026-12-25T16:00:00Z"));
    expect(state.open).toBe(false);
    expect(state.opensAt?.toISOString()).toBe("2026-12-28T14:00:00.000Z");
  });

  it("uses a holiday's shorter hours instead of the weekly ones", () => {
    const short: Schedule = { ...office, holidays: [{ date: "2026-12-24", periods: [{ open: "09:00", close: "12:00" }] }] };
    expect(queueOpenAt(short, new Date("2026-12-24T16:30:00Z")).open).toBe(true);
    expect(queueOpenAt(short, new Date("2026-12-24T17:30:00Z")).open).toBe(false);
  });

  it("runs a night shift past midnight into the next day", () => {
    const night: Schedule = { timezone: "Europe/London", hours: { fri: [{ open: "22:00", close: "06:00" }] }, holidays: [] };
    expect(queueOpenAt(night, new Date("2026-01-16T23:00:00Z")).open).toBe(true);
    // 03:00 on Saturday is still Friday's shift.
    const saturday = queueOpenAt(night, new Date("2026-01-17T03:00:00Z"));
    expect(saturday.open).toBe(true);
    expect(saturday.closesAt?.toISOString()).toBe("2026-01-17T06:00:00.000Z");
    expect(queueOpenAt(night, new Date("2026-01-17T07:00:00Z")).opensAt?.toISOString()).toBe("2026-01-23T22:00:00.000Z");
  });

  it("keeps local opening times across the spring daylight-saving change", () => {
    // New York moves to UTC-4 on 8 March 2026: 09:00 local is 14:00 UTC before and 13:00 UTC after.
    expect(queueOpenAt(office, new Date("2026-03-06T13:30:00Z")).open).toBe(false);
    expect(queueOpenAt(office, new Date("2026-03-09T13:30:00Z")).open).toBe(true);
    expect(queueOpenAt(office, new Date("2026-03-07T12:00:00Z")).opensAt?.toISOString()).toBe("2026-03-09T13:00:00.000Z");
  });

  it("measures a night shift over the autumn change in real hours", () => {
    // London goes back an hour at 02:00 on 25 October 2026: 22:00–06:00 is nine hours that night.
    const night: Schedule = { timezone: "Europe/London", hours: { sat: [{ open: "22:00", close: "06:00" }] }, holidays: [] };
    const state = queueOpenAt(night, new Date("2026-10-24T21:30:00Z"));
    expect(state.open).toBe(true);
    expect(state.closesAt?.toISOString()).toBe("2026-10-25T06:00:00.000Z");
    expect((state.closesAt!.getTime() - Date.parse("2026-10-24T21:00:00Z")) / 3_600_000).toBe(9);
  });

  it("is always open with no hours set, and never opens with every day closed", () => {
    expect(queueOpenAt({ timezone: "UTC", hours: {}, holidays: [] }, new Date()).open).toBe(true);
    const never: Schedule = { timezone: "UTC", hours: { mon: [] }, holidays: [] };
    expect(queueOpenAt(never, new Date("2026-01-14T12:00:00Z"))).toEqual({ open: false, opensAt: null, closesAt: null });
  });
});
