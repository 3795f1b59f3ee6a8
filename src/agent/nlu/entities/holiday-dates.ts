import Holidays from "date-holidays";

// Customers name days by holiday ("open on Christmas Eve?", "before Boxing Day"). The dates come from
// the holiday calendar of the retailer's country; the common English names of other calendars are
// understood too, since a shopper may use them.

export type HolidayMention = { value: string; name: string; start: number; end: number };

const FALLBACK_REGIONS = ["US", "GB"];

// Everyday names for holidays whose calendar name is longer or different.
const ALIASES: Readonly<Record<string, string>> = {
  christmas: "Christmas Day",
  xmas: "Christmas Day",
  "x-mas": "Christmas Day",
  "xmas day": "Christmas Day",
  "xmas eve": "Christmas Eve",
  "new year": "New Year's Day",
  "new years": "New Year's Day",
  nye: "New Year's Eve",
  thanksgiving: "Thanksgiving Day",
  "black friday": "Day after Thanksgiving Day",
  "fourth of july": "Independence Day",
  "4th of july": "Independence Day",
  "july 4th": "Independence Day",
  "july fourth": "Independence Day",
  easter: "Easter Sunday",
  "mlk day": "Martin Luther King Jr. Day",
  "presidents day": "Washington's Birthday",
  "presidents' day": "Washington's Birthday",
  "st patrick's day": "St. Patrick's Day",
};

function key(name: string): string {
  return name.toLowerCase().replace(/['’.]/g, "").replace(/\s+/g, " ").trim();
}

const ALIAS_BY_KEY = new Map(Object.entries(ALIASES).map(([alias, name]) => [key(alias), key(name)]));

const calendars = new Map<string, Holidays | null>();
function calendar(region: string): Holidays | null {
  let cal = calendars.get(region);
  if (cal === undefined) {
    const known = Object.hasOwn(new Holidays().getCountries(), region);
    cal = known ? new Holidays(region) : null;
    calendars.set(region, cal);
  }
  return cal;
}

/** Next date (today included) of each holiday name, from the region's calendar then the fallbacks. */
function upcoming(region: string, now: Date): Map<string, { date: string; name: string }> {
  const today = now.toISOString().slice(0, 10);
  const out = new Map<string, { date: string; name: string }>();
  for (const r of [region, ...FALLBACK_REGIONS.filter((x) => x !== region)]) {
    const cal = calendar(r);
    if (!cal) continue;
    for (const year of [now.getUTCFullYear(), now.getUTCFullYear() + 1]) {
      for (const h of cal.getHolidays(year, "en")) {
        if (/substitute/i.test(h.name)) continue;
        const date = h.date.slice(0, 10);
        const k = key(h.name);
        if (date < today || out.has(k)) continue;
        out.set(k, { date, name: h.name });
      }
    }
  }
  return out;
}

/** "new years eve" also matches "New Year's Eve" and "new year's eve". */
function phrasePattern(phrase: string): string {
  return phrase
    .split(" ")
    .map((w) => {
      const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return w.length > 3 && w.endsWith("s") ? `${escaped.slice(0, -1)}['’]?s` : escaped;
    })
    .join("['’.]?\\s+");
}

const cache = new Map<string, { day: string; dates: Map<string, { date: string; name: string }>; pattern: RegExp }>();

/** Holiday names in the text with the date each falls on next (ISO yyyy-mm-dd). */
export function holidayMentions(text: string, now: Date, region = "US"): HolidayMention[] {
  const day = now.toISOString().slice(0, 10);
  const cacheKey = region.toUpperCase();
  let entry = cache.get(cacheKey);
  if (!entry || entry.day !== day) {
    const dates = upcoming(cacheKey, now);
    const phrases = [...new Set([...dates.keys(), ...ALIAS_BY_KEY.keys()])]
      .sort((a, b) => b.length - a.length)
      .map(phrasePattern);
    entry = { day, dates, pattern: new RegExp(`\\b(?:${phrases.join("|")})(?![\\w'])`, "gi") };
    cache.set(cacheKey, entry);
  }
  const out: HolidayMention[] = [];
  for (const m of text.matchAll(entry.pattern)) {
    const k = key(m[0]);
    const hit = entry.dates.get(k) ?? entry.dates.get(ALIAS_BY_KEY.get(k) ?? "");
    if (!hit) continue;
    out.push({ value: hit.date, name: hit.name, start: m.index, end: m.index + m[0].length });
  }
  return out;
}
