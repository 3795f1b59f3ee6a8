import { findPhoneNumbersInText, type CountryCode } from "libphonenumber-js";

export type RedactOptions = {
  /** ISO 3166 region for numbers written without a country code (the workspace's default region). */
  defaultRegion?: string;
};

type Span = { start: number; end: number; label: string };

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;

// 13–19 digits, optionally grouped by single spaces or dashes: the shapes card numbers are written in.
const CARD_LIKE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;

// Suffixes that are street names in any case ("12 baker st"); the ambiguous ones ("way", "close",
// "park") only count when the street name is capitalised, or "I paid 3 pounds the other way" goes too.
const STRONG_SUFFIX = "street|st|road|rd|avenue|ave|lane|ln|boulevard|blvd|drive|highway|hwy|parkway|pkwy";
const WEAK_SUFFIX =
  "Way|Place|Pl|Close|Court|Ct|Crescent|Cres|Terrace|Gardens|Square|Sq|Grove|Hill|Walk|Row|Mews|Circle|Cir|Park|Parade|Green|Dr";
const HOUSE = String.raw`\b\d{1,5}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?,?`;
const UNIT = String.raw`(?:\b(?:[Ff]lat|[Aa]pt|[Aa]partment|[Uu]nit|[Ss]uite)\s*#?\s*\d+[A-Za-z]?,?\s+)?`;
// Words that sit between a number and "road" in ordinary sentences ("5 miles down the road").
const NOT_STREET_WORD = String.raw`(?!(?:the|a|an|of|for|to|down|up|on|in|my|your|our|this|that|and|or|from|at|by|with|miles?|km|minutes?|mins?|hours?|days?|weeks?|items?|pairs?|times?)\b)`;
const ADDRESS_PATTERNS = [
  new RegExp(
    String.raw`${UNIT}${HOUSE}\s+(?:${NOT_STREET_WORD}[A-Za-z][A-Za-z'.-]*\s+){1,3}(?:${STRONG_SUFFIX})\b\.?`,
    "gi",
  ),
  new RegExp(
    String.raw`${UNIT}${HOUSE}\s+(?:${NOT_STREET_WORD}[A-Z][A-Za-z'.-]*\s+){1,3}(?:${WEAK_SUFFIX})\b\.?`,
    "g",
  ),
  /\bp\.?\s?o\.?\s+box\s+\d+/gi,
];

// A number the customer calls an order, invoice or reference number is what the reply is about.
const REFERENCE_BEFORE =
  /(?:order|invoice|reference|ref|tracking|parcel|return|rma)\s*(?:number|no\.?|num|id)?\s*[:#]?\s*#?\s*$/i;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Card numbers start with an issuer digit (2 and 5 Mastercard, 3 Amex/Diners/JCB, 4 Visa, 6
 * Discover/UnionPay), and only old Visa cards have 13 digits; barcodes and order numbers that
 * happen to pass the Luhn check mostly fall outside these.
 */
function looksIssued(digits: string): boolean {
  if (!/^[2-6]/.test(digits)) return false;
  return digits.length > 13 || digits.startsWith("4");
}

const isReference = (text: string, start: number) =>
  REFERENCE_BEFORE.test(text.slice(Math.max(0, start - 30), start));

function addressSpans(text: string): Span[] {
  return ADDRESS_PATTERNS.flatMap((pattern) =>
    [...text.matchAll(pattern)].map((match) => ({
      start: match.index,
      end: match.index + match[0].length,
      label: "[address]",
    })),
  );
}

function cardSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(CARD_LIKE)) {
    const digits = match[0].replace(/\D/g, "");
    if (!looksIssued(digits) || !passesLuhn(digits) || isReference(text, match.index)) continue;
    spans.push({ start: match.index, end: match.index + match[0].length, label: "[card]" });
  }
  return spans;
}

function phoneSpans(text: string, region: CountryCode | undefined): Span[] {
  const spans: Span[] = [];
  for (const found of findPhoneNumbersInText(text, region ? { defaultCountry: region } : undefined)) {
    if (isReference(text, found.startsAt)) continue;
    spans.push({ start: found.startsAt, end: found.endsAt, label: "[phone]" });
  }
  return spans;
}

function regionOf(value: string | undefined): CountryCode | undefined {
  return value && /^[A-Za-z]{2}$/.test(value) ? (value.toUpperCase() as CountryCode) : undefined;
}

/**
 * Removes personal data a model does not need to word a reply: email addresses, phone numbers
 * (found by the phone-number library in the workspace's region and in international form), card
 * numbers (13–19 digits that pass the Luhn check) and street addresses. Order numbers, prices,
 * dates and postcodes stay: they are what the customer asks about, and a postcode alone names an
 * area, not a home.
 */
export function redactPersonalData(text: string, options: RedactOptions = {}): string {
  const region = regionOf(options.defaultRegion);
  // Each kind is replaced before the next is looked for: a phone number followed by ", 221b Baker St"
  // would otherwise be read as one number with extension 221.
  let out = text.replace(EMAIL, "[email]");
  out = replaceSpans(out, cardSpans(out));
  out = replaceSpans(out, addressSpans(out));
  return replaceSpans(out, phoneSpans(out, region));
}

function replaceSpans(text: string, spans: Span[]): string {
  let out = "";
  let cursor = 0;
  for (const span of spans.sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (span.start < cursor) continue;
    out += text.slice(cursor, span.start) + span.label;
    cursor = span.end;
  }
  return out + text.slice(cursor);
}
