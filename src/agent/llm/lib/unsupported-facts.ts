/**
 * Facts in a model's reply that the grounding text does not contain: numbers (order numbers,
 * prices, quantities, times), calendar dates, carriers, links and email addresses. A reply with
 * any is not sent.
 */
export function unsupportedFacts(reply: string, grounding: string): string[] {
  const corpus = grounding.toLowerCase();
  const digits = new Set((corpus.match(/\d+(?:\.\d+)?/g) ?? []).map(normaliseNumber));
  const out: string[] = [];
  for (const url of reply.match(/https?:\/\/[^\s)]+/gi) ?? []) {
    if (!corpus.includes(url.replace(/[.,]+$/, "").toLowerCase())) out.push(url);
  }
  const withoutUrls = reply.replace(/https?:\/\/[^\s)]+/gi, " ");
  for (const email of withoutUrls.match(/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi) ?? []) {
    if (!corpus.includes(email.toLowerCase())) out.push(email);
  }
  const plain = withoutUrls.replace(/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi, " ");
  // A date is checked as a date: "7 December" is not grounded by a 7 and a December elsewhere.
  const known = groundedDays(grounding);
  for (const { text, day } of calendarDates(plain)) {
    if (!known.has(day)) out.push(text);
  }
  for (const carrier of plain.match(CARRIERS) ?? []) {
    if (!corpus.includes(carrier.toLowerCase())) out.push(carrier);
  }
  // Numbers inside a date were checked with the date.
  const withoutDates = [ISO_DAY, DAY_MONTH, MONTH_DAY].reduce((text, pattern) => text.replace(pattern, " "), plain);
  for (const n of withoutDates.match(/\d+(?:[.,]\d+)*/g) ?? []) {
    const value = normaliseNumber(n.replace(/,(?=\d{3}\b)/g, ""));
    if (!digits.has(value)) out.push(n);
  }
  return [...new Set(out)];
}

function normaliseNumber(n: string): string {
  const x = Number(n);
  return Number.isFinite(x) ? String(x) : n;
}

const CARRIERS =
  /\b(UPS|USPS|FedEx|DHL(?: Express)?|Royal Mail|Parcelforce|Evri|Hermes|DPD|GLS|Yodel|Canada Post|Purolator|Australia Post|OnTrac|LaserShip|Amazon Logistics|PostNL|TNT|Aramex|La Poste|Colissimo|Deutsche Post)\b/gi;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
const ISO_DAY = /\b(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g;
const DAY_MONTH = new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH}\\b`, "gi");
const MONTH_DAY = new RegExp(`\\b${MONTH}\\.?\\s+${DAY}\\b`, "gi");

const key = (month: number, day: number) => `${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
const monthOf = (word: string) => MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;

/** Month-day of every date a reply names, written as ISO or in words ("7 December", "Dec 7th"). */
function calendarDates(text: string): { text: string; day: string }[] {
  const found: { text: string; day: string }[] = [];
  for (const m of text.matchAll(ISO_DAY)) found.push({ text: m[0].slice(0, 10), day: `${m[2]}-${m[3]}` });
  for (const m of text.matchAll(DAY_MONTH)) found.push({ text: m[0], day: key(monthOf(m[2] ?? ""), Number(m[1])) });
  for (const m of text.matchAll(MONTH_DAY)) found.push({ text: m[0], day: key(monthOf(m[1] ?? ""), Number(m[2])) });
  return found.filter((d) => !d.day.startsWith("00"));
}

/**
 * Month-days the grounding holds. An instant is shown in the store's or shopper's zone, which can
 * fall on the day before or after in UTC, so an instant grounds every local date it can be.
 */
function groundedDays(grounding: string): Set<string> {
  const days = new Set(calendarDates(grounding).map((d) => d.day));
  for (const m of grounding.matchAll(ISO_DAY)) {
    if (!m[4]) continue;
    const at = Date.parse(m[0]);
    if (Number.isNaN(at)) continue;
    for (const offsetHours of [-12, 14]) {
      const local = new Date(at + offsetHours * 3_600_000);
      days.add(key(local.getUTCMonth() + 1, local.getUTCDate()));
    }
  }
  return days;
}
