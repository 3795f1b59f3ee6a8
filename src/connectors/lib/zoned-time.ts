/** Local calendar date, weekday and time of an instant in an IANA time zone, via Intl. */
export type ZonedParts = { date: string; weekday: number; minutes: number; time: string };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(instant: Date, timeZone: string) {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return out as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

const pad = (n: number) => String(n).padStart(2, "0");

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const p = parts(instant, timeZone);
  const date = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  // 0 = Monday … 6 = Sunday, from the local calendar date.
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return { date, weekday, minutes: p.hour * 60 + p.minute, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** The instant at which the wall clock in `timeZone` shows `date` `time` (DST-aware). */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): Date {
  const [h = 0, m = 0] = time.split(":").map(Number);
  const wanted = Date.parse(`${date}T00:00:00Z`) + (h * 60 + m) * 60_000;
  let guess = wanted;
  // Two passes settle the offset even when the guess lands on the other side of a DST change.
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    guess += wanted - shown;
  }
  return new Date(guess);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
