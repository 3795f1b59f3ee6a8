import { DateTime } from "luxon";
import { WEEKDAYS, type HolidayException, type Period, type WeeklyHours } from "../routing.types";

export type Schedule = { timezone: string; hours: WeeklyHours; holidays: HolidayException[] };

export type OpenState = {
  open: boolean;
  /** `at` itself when open; otherwise the next opening within two weeks, or null when none is scheduled. */
  opensAt: Date | null;
  /** When the period that is open now ends. */
  closesAt: Date | null;
};

const SEARCH_DAYS = 14;

function periodsOn(schedule: Schedule, date: DateTime): Period[] {
  const iso = date.toISODate() ?? "";
  const holiday = schedule.holidays.find((h) => h.date === iso);
  if (holiday) return holiday.closed ? [] : (holiday.periods ?? []);
  return schedule.hours[WEEKDAYS[date.weekday - 1] ?? "mon"] ?? [];
}

/** The wall-clock time on a local date as an instant; times in a DST gap move forward as the clocks do. */
function wallClock(date: DateTime, time: string): DateTime {
  const [hour = 0, minute = 0] = time.split(":").map(Number);
  if (hour >= 24) return date.plus({ days: 1 }).startOf("day");
  return date.set({ hour, minute, second: 0, millisecond: 0 });
}

/**
 * Whether a queue is staffed at `at`, in the queue's own zone. A period whose close is at or
 * before its open runs past midnight into the next day; a holiday exception replaces the weekly
 * hours of the date it names (including a night shift starting that date). Local times are turned
 * into instants by luxon, so a day with a daylight-saving change is 23 or 25 hours long.
 */
export function queueOpenAt(schedule: Schedule, at: Date): OpenState {
  if (Object.keys(schedule.hours).length === 0 && schedule.holidays.length === 0) {
    return { open: true, opensAt: at, closesAt: null };
  }
  const now = DateTime.fromJSDate(at, { zone: schedule.timezone });
  const today = now.startOf("day");
  let opensAt: Date | null = null;
  // Yesterday first: its night shift may still be running.
  for (let offset = -1; offset <= SEARCH_DAYS; offset++) {
    const date = today.plus({ days: offset });
    for (const period of periodsOn(schedule, date)) {
      const start = wallClock(date, period.open);
      let end = wallClock(date, period.close);
      if (end <= start) end = wallClock(date.plus({ days: 1 }), period.close);
      if (start <= now && now < end) return { open: true, opensAt: at, closesAt: end.toJSDate() };
      if (start > now && (!opensAt || start.toMillis() < opensAt.getTime())) opensAt = start.toJSDate();
    }
    if (opensAt && offset >= 1) break;
  }
  return { open: false, opensAt, closesAt: null };
}
