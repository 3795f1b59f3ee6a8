import * as chrono from "chrono-node";
import { findPhoneNumbersInText, type CountryCode } from "libphonenumber-js";
import { Gazetteer, type GazetteerEntry } from "./gazetteer";
import { digitise } from "./entities/spoken-digits";
import { holidayMentions } from "./entities/holiday-dates";
import { personNames } from "./entities/person-name";
import { spokenEmails } from "./entities/spoken-email";
import { streetAddresses } from "./entities/street-address";
import type { CatalogueItem, Entity, StoreItem } from "./nlu.types";

export type EntityOptions = {
  orderNumberPattern?: RegExp;
  defaultRegion?: string;
  postalCodePatterns?: RegExp[];
};

/**
 * Order references: "#1042", "order 1042", "order no. 1042", "order number is 1042", "W1234567",
 * "A-1234", or a bare number of four or more digits. The first capture group is the reference itself.
 */
export const DEFAULT_ORDER_NUMBER_PATTERN =
  /(?:\b(?:order|purchase|ord|ref(?:erence)?|confirmation)\s*(?:no\.?|number|num|nr|id|#)?\s*(?:is|was|=)?\s*[:#]?\s*#?|#)?\b([A-Z]{1,3}-?\d{3,12}|\d{4,15})\b/gi;

export const UK_POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b/gi;
export const US_ZIP = /\b\d{5}(?:-\d{4})?\b/g;

// A bare five-digit number is far more often an order or item number than a ZIP, so a ZIP needs a
// hint nearby: the word zip/postcode, "near", or a US state abbreviation in front of it. When both an
// order word and a postal word come before the number, the nearer one decides ("order 1002, zip code
// is 60612" vs "zip 60612 and order number 10455").
const POSTAL_HINT = /\b(?:zip|zipcode|postal|post\s?code|postcode|near|around|area)\b/gi;
const STATE_BEFORE = /\b[A-Z]{2}[\s,]*$/;
const ORDER_HINT = /\b(?:order|purchase|ref(?:erence)?|confirmation)\b|#\s*$/gi;
const SPOKEN_CHAR = "(?:[A-Za-z]|\\d|zero|oh|one|two|three|four|five|six|seven|eight|nine)";
const SPOKEN_UK_POSTCODE = new RegExp(`\\b${SPOKEN_CHAR}(?:\\s+${SPOKEN_CHAR}){4,6}\\b`, "gi");
const SPOKEN_CHAR_VALUE: Readonly<Record<string, string>> = {
  zero: "0", oh: "0", one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9",
};
// "the 24th" names the next day of the month with that number.
const ORDINAL_DAY = /\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+of\b)/gi;

function nextDayOfMonth(day: number, now: Date): string | undefined {
  for (let k = 0; k < 3; k += 1) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, day));
    if (d.getUTCDate() !== day) continue;
    if (d.toISOString().slice(0, 10) >= now.toISOString().slice(0, 10)) return d.toISOString().slice(0, 10);
  }
  return undefined;
}
const UK_COMPACT = /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/;

function lastHit(pattern: RegExp, text: string): number {
  let at = -1;
  for (const m of text.matchAll(pattern)) at = m.index + m[0].length;
  return at;
}

/** True when the words before a number call it a postal code rather than an order number. */
function calledPostal(before: string): boolean {
  // "the zip code for that order is N": the order named there is not what N is called.
  const window = before.slice(-40).replace(/\b(?:for|of|on)\s+(?:the|that|this|my|your)\s+order\b/gi, (m) => " ".repeat(m.length));
  const postal = STATE_BEFORE.test(window) ? window.length : lastHit(POSTAL_HINT, window);
  return postal >= 0 && postal > lastHit(ORDER_HINT, window);
}

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  a_couple: 2,
  a_pair: 2,
  a_dozen: 12,
  half_a_dozen: 6,
};
const QUANTITY =
  /\b(?:(?:qty|quantity)\s*[:=]?\s*(\d{1,4})|x\s?(\d{1,3})\b|(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple|a pair|a dozen|half a dozen)(?:\s+of)?\s+(?!(?:days?|weeks?|months?|years?|hours?|minutes?|mins?|times?|am|pm|o'?clock|percent|%|stars?|of (?:you|us|them)|more|or|and|to|st|nd|rd|th)\b)(?=[a-z]))/gi;

const SIZE =
  /\b(?:(x{0,3}s|x{0,3}l|[2-5]xl|m|xxs|xs|xl|xxl|xxxl)\b(?=\s|[,.!?]|$)|(?<!\btoo\s)(extra[- ]small|extra[- ]large|small|medium|large|petite|plus size|one size)\b|size\s+(\d{1,2}(?:\.5)?|[a-z]{1,4})\b|\b(?:uk|us|eu)\s?(\d{1,2}(?:\.5)?)\b)/gi;
const SIZE_CANONICAL: Readonly<Record<string, string>> = {
  "extra small": "XS",
  "extra-small": "XS",
  small: "S",
  medium: "M",
  large: "L",
  "extra large": "XL",
  "extra-large": "XL",
};

const COLOURS = [
  "black",
  "white",
  "grey",
  "gray",
  "silver",
  "red",
  "burgundy",
  "maroon",
  "pink",
  "rose",
  "orange",
  "yellow",
  "gold",
  "beige",
  "cream",
  "ivory",
  "brown",
  "tan",
  "khaki",
  "olive",
  "green",
  "mint",
  "teal",
  "turquoise",
  "blue",
  "navy",
  "sky blue",
  "light blue",
  "dark blue",
  "purple",
  "lilac",
  "lavender",
  "violet",
  "charcoal",
  "camel",
  "coral",
] as const;
const COLOUR = new RegExp(`\\b(${[...COLOURS].sort((a, b) => b.length - a.length).join("|")})\\b`, "gi");

function globalise(pattern: RegExp): RegExp {
  return pattern.flags.includes("g")
    ? new RegExp(pattern.source, pattern.flags)
    : new RegExp(pattern.source, `${pattern.flags}g`);
}

function overlaps(taken: Entity[], start: number, end: number): boolean {
  return taken.some((e) => start < e.end && e.start < end);
}

function isoDate(d: Date, withTime: boolean): string {
  return withTime ? d.toISOString() : d.toISOString().slice(0, 10);
}

export function catalogueGazetteer(items: CatalogueItem[]): Gazetteer {
  const entries: GazetteerEntry[] = [];
  for (const item of items) {
    entries.push({ id: item.id, phrase: item.name, confidence: 0.95 });
    for (const alias of item.aliases ?? []) entries.push({ id: item.id, phrase: alias, confidence: 0.9 });
  }
  return new Gazetteer(entries);
}

export function storeGazetteer(stores: StoreItem[]): Gazetteer {
  const entries: GazetteerEntry[] = [];
  const cityCount = new Map<string, number>();
  for (const s of stores)
    if (s.city) cityCount.set(s.city.toLowerCase(), (cityCount.get(s.city.toLowerCase()) ?? 0) + 1);
  for (const s of stores) {
    entries.push({ id: s.id, phrase: s.name, confidence: 0.95 });
    for (const alias of s.aliases ?? []) entries.push({ id: s.id, phrase: alias, confidence: 0.9 });
    // A city names a store only when the retailer has one store there.
    if (s.city && cityCount.get(s.city.toLowerCase()) === 1)
      entries.push({ id: s.id, phrase: s.city, confidence: 0.7 });
  }
  return new Gazetteer(entries);
}

export class EntityExtractor {
  private readonly orderPattern: RegExp;
  private readonly region: CountryCode | undefined;
  private readonly postalPatterns: RegExp[] | undefined;

  constructor(options: EntityOptions = {}) {
    this.orderPattern = globalise(options.orderNumberPattern ?? DEFAULT_ORDER_NUMBER_PATTERN);
    this.region = options.defaultRegion ? (options.defaultRegion.toUpperCase() as CountryCode) : undefined;
    this.postalPatterns = options.postalCodePatterns?.map(globalise);
  }

  extract(original: string, gazetteers: { products?: Gazetteer; stores?: Gazetteer; now?: Date } = {}): Entity[] {
    // Spelled-out digits are read as digits; every span is reported in the customer's own text.
    const spoken = digitise(original);
    const text = spoken.text;
    // Order of extraction is precedence: a span claimed by an email, an address or a phone number is
    // not re-read as an order number or postal code.
    const found: Entity[] = [];
    const add = (e: Entity): void => {
      if (!overlaps(found, e.start, e.end)) found.push(e);
    };
    const now = gazetteers.now ?? new Date();

    for (const m of text.matchAll(EMAIL)) {
      add({
        type: "email",
        value: m[0].toLowerCase(),
        text: m[0],
        start: m.index,
        end: m.index + m[0].length,
        confidence: 0.99,
      });
    }
    for (const m of spokenEmails(text)) {
      add({ type: "email", value: m.value, text: text.slice(m.start, m.end), start: m.start, end: m.end, confidence: 0.9 });
    }
    for (const a of streetAddresses(text)) {
      add({ type: "address", value: a.value, text: text.slice(a.start, a.end), start: a.start, end: a.end, confidence: 0.85 });
    }
    for (const p of findPhoneNumbersInText(text, this.region ? { defaultCountry: this.region } : undefined)) {
      const raw = text.slice(p.startsAt, p.endsAt);
      // Long digit runs without separators or "+" are order numbers far more often than phones.
      if (
        !/[+\s().-]/.test(raw) &&
        raw.replace(/\D/g, "").length !== 10 &&
        raw.replace(/\D/g, "").length !== 11
      )
        continue;
      add({
        type: "phone",
        value: p.number.number,
        text: raw,
        start: p.startsAt,
        end: p.endsAt,
        confidence: 0.9,
      });
    }
    this.extractPostalCodes(text, add);
    for (const m of text.matchAll(this.orderPattern)) {
      const value = m[1] ?? m[0];
      const offset = m.index + m[0].lastIndexOf(value);
      const prefixed = m[0].length > value.length;
      if (!prefixed && /^(19|20)\d\d$/.test(value)) continue; // a year, not an order
      if (!prefixed && /^\d+$/.test(value) && /[$£€]\s?$/.test(text.slice(0, offset))) continue; // a price
      add({
        type: "order_number",
        value: value.toUpperCase().replace(/^#/, ""),
        text: value,
        start: offset,
        end: offset + value.length,
        confidence: prefixed ? 0.95 : /[a-z]/i.test(value) ? 0.85 : 0.6,
      });
    }
    for (const h of holidayMentions(text, now, this.region ?? "US")) {
      add({ type: "date", value: h.value, text: text.slice(h.start, h.end), start: h.start, end: h.end, confidence: 0.9 });
    }
    for (const m of text.matchAll(ORDINAL_DAY)) {
      const value = nextDayOfMonth(Number(m[1]), now);
      if (value) add({ type: "date", value, text: m[0], start: m.index, end: m.index + m[0].length, confidence: 0.8 });
    }
    for (const r of chrono.parse(text, now, { forwardDate: true })) {
      if (/^\d+$/.test(r.text.trim())) continue; // bare numbers are order numbers or quantities, not days
      if (/^good\s*$/i.test(text.slice(Math.max(0, r.index - 5), r.index))) continue; // "good afternoon" is a greeting
      add({
        type: "date",
        value: isoDate(r.start.date(), r.start.isCertain("hour")),
        text: r.text,
        start: r.index,
        end: r.index + r.text.length,
        confidence: r.start.isCertain("day") || r.start.isCertain("weekday") ? 0.9 : 0.7,
      });
    }
    for (const hit of gazetteers.products?.find(text) ?? []) {
      add({
        type: "product",
        value: hit.id,
        text: hit.text,
        start: hit.start,
        end: hit.end,
        confidence: hit.confidence,
      });
    }
    for (const hit of gazetteers.stores?.find(text) ?? []) {
      add({
        type: "store",
        value: hit.id,
        text: hit.text,
        start: hit.start,
        end: hit.end,
        confidence: hit.confidence,
      });
    }
    for (const n of personNames(text)) {
      add({ type: "person_name", value: n.value, text: text.slice(n.start, n.end), start: n.start, end: n.end, confidence: 0.8 });
    }
    this.extractAttributes(text, add);
    if (text === original) return found.sort((a, b) => a.start - b.start);
    return found
      .map((e) => {
        const span = spoken.span(e.start, e.end);
        return { ...e, text: original.slice(span.start, span.end), start: span.start, end: span.end };
      })
      .sort((a, b) => a.start - b.start);
  }

  private extractPostalCodes(text: string, add: (e: Entity) => void): void {
    if (this.postalPatterns) {
      for (const pattern of this.postalPatterns) {
        for (const m of text.matchAll(pattern)) {
          add({
            type: "postal_code",
            value: m[0].toUpperCase(),
            text: m[0],
            start: m.index,
            end: m.index + m[0].length,
            confidence: 0.8,
          });
        }
      }
      return;
    }
    for (const m of text.matchAll(UK_POSTCODE)) {
      const value = `${(m[1] as string).toUpperCase()} ${(m[2] as string).toUpperCase()}`;
      add({
        type: "postal_code",
        value,
        text: m[0],
        start: m.index,
        end: m.index + m[0].length,
        confidence: 0.9,
      });
    }
    for (const m of text.matchAll(SPOKEN_UK_POSTCODE)) {
      const compact = m[0]
        .split(/\s+/)
        .map((w) => SPOKEN_CHAR_VALUE[w.toLowerCase()] ?? w)
        .join("")
        .toUpperCase();
      if (!UK_COMPACT.test(compact)) continue;
      add({
        type: "postal_code",
        value: `${compact.slice(0, -3)} ${compact.slice(-3)}`,
        text: m[0],
        start: m.index,
        end: m.index + m[0].length,
        confidence: 0.8,
      });
    }
    for (const m of text.matchAll(US_ZIP)) {
      if (!calledPostal(text.slice(0, m.index))) continue;
      add({
        type: "postal_code",
        value: m[0],
        text: m[0],
        start: m.index,
        end: m.index + m[0].length,
        confidence: 0.8,
      });
    }
  }

  private extractAttributes(text: string, add: (e: Entity) => void): void {
    for (const m of text.matchAll(SIZE)) {
      const [whole, letter, word, sized, regional] = m;
      // Lone "S", "M" or "L" are too ambiguous outside a "size" phrase ("I'm", "M&S").
      if (letter && letter.length === 1) continue;
      const value = letter
        ? letter.toUpperCase()
        : word
          ? (SIZE_CANONICAL[word.toLowerCase()] ?? word.toLowerCase())
          : (sized ?? regional ?? whole).toUpperCase();
      add({
        type: "size",
        value,
        text: whole,
        start: m.index,
        end: m.index + whole.length,
        confidence: letter || sized ? 0.9 : 0.7,
      });
    }
    for (const m of text.matchAll(COLOUR)) {
      const value = m[0].toLowerCase().replace("gray", "grey");
      add({
        type: "colour",
        value,
        text: m[0],
        start: m.index,
        end: m.index + m[0].length,
        confidence: 0.85,
      });
    }
    for (const m of text.matchAll(QUANTITY)) {
      const raw = (m[1] ?? m[2] ?? m[3] ?? "").toLowerCase();
      // "12 High Street" is an address: a quantity is followed by a lower-case noun ("3 pairs").
      if (
        /^\s+[A-Z]/.test(text.slice(m.index + m[0].length - 1, m.index + m[0].length + 1)) ||
        /[A-Z]/.test(text.charAt(m.index + m[0].length))
      )
        continue;
      const n = /^\d+$/.test(raw) ? Number(raw) : NUMBER_WORDS[raw.replace(/ /g, "_")];
      if (n === undefined || n === 0) continue;
      const start = m.index + m[0].toLowerCase().indexOf(raw);
      add({
        type: "quantity",
        value: String(n),
        text: m[0].slice(start - m.index, start - m.index + raw.length),
        start,
        end: start + raw.length,
        confidence: 0.75,
      });
    }
  }
}
