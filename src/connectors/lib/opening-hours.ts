import { WEEKDAYS, type Store } from "../retail-records";
import { addDays, zonedParts, zonedTimeToInstant } from "./zoned-time";

export type Period = { open: string; close: string };
export type DayHours = { date: string; weekday: string; periods: Period[]; holiday: string | null; closed: boolean };

export type StoreHoursNow = {
  timezone: string;
  localTime: string;
  openNow: boolean;
  today: DayHours;
  /** When the current opening period ends (instant), if open. */
  closesAt: string | null;
  /** The next opening (instant and local date/time), within two weeks. */
  nextOpening: { at: string; date: string; time: string } | null;
  week: DayHours[];
};

const toMinutes = (time: string) => {
  const [h = 0, m = 0] = time.split(":").map(Number);
  return h * 60 + m;
};

/** Hours on one store-local date: a holiday exception wins over the weekly schedule. */
export function hoursOn(store: Pick<Store, "hours" | "holidays">, date: string): DayHours {
  const weekdayIndex = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const weekday = WEEKDAYS[weekdayIndex] ?? "mon";
  const holiday = store.holidays.find((h) => h.date === date);
  if (holiday) {
    const periods = holiday.closed ? [] : holiday.periods;
    return { date, weekday, periods, holiday: holiday.name ?? "holiday hours", closed: periods.length === 0 };
  }
  const periods = store.hours[weekday] ?? [];
  return { date, weekday, periods, holiday: null, closed: periods.length === 0 };
}

/** Whether the store is open at `now`, today's hours and the next opening, in the store's time zone. */
export function storeHoursAt(store: Pick<Store, "hours" | "holidays" | "timezone">, now: Date): StoreHoursNow {
  const local = zonedParts(now, store.timezone);
  const today = hoursOn(store, local.date);
  const current = today.periods.find((p) => toMinutes(p.open) <= local.minutes && local.minutes < toMinutes(p.close));
  let nextOpening: StoreHoursNow["nextOpening"] = null;
  for (let offset = 0; offset < 14 && !nextOpening; offset++) {
    const date = addDays(local.date, offset);
    const day = offset === 0 ? today : hoursOn(store, date);
    const period = day.periods.find((p) => offset > 0 || toMinutes(p.open) > local.minutes);
    if (period) {
      nextOpening = { at: zonedTimeToInstant(date, period.open, store.timezone).toISOString(), date, time: period.open };
    }
  }
  return {
    timezone: store.timezone,
    localTime: `${local.date}T${local.time}`,
    openNow: Boolean(current),
    today,
    closesAt: current ? zonedTimeToInstant(local.date, current.close, store.timezone).toISOString() : null,
    nextOpening,
    week: Array.from({ length: 7 }, (_, i) => hoursOn(store, addDays(local.date, i))),
  };
}
