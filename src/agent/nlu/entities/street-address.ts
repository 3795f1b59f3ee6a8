import parseAddress from "parse-address";

// A street address inside a sentence: found by its shape (a house number, a street, then city, state
// and postal code), then split into fields by parse-address for US addresses; UK addresses end at
// their postcode. The state is kept: an address without it is not the address the customer gave.

export type StreetAddress = {
  line1: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
};

export type AddressMention = { value: string; address: StreetAddress; start: number; end: number };

const SUFFIXES =
  "street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|terrace|ter|way|parkway|pkwy|highway|hwy|circle|cir|square|sq|trail|trl|crescent|close|grove|gardens|mews|row|walk|hill|park|loop|plaza|broadway|alley|path|pike|route|rte";
const UNIT = "(?:,?\\s*(?:apt|apartment|unit|suite|ste|flat|fl|floor|#)\\.?\\s*#?[\\w-]+)?";
const STREET = new RegExp(
  `\\b\\d{1,6}[A-Za-z]?(?:\\s+(?!(?:to|at|is|and|for|from|my|order|it|on|in|of)\\b)(?!\\d+\\b)[A-Za-z0-9.'’-]+){0,5}\\s+(?:${SUFFIXES})\\b\\.?(?:\\s+(?:NE|NW|SE|SW|N|S|E|W)\\b\\.?)?${UNIT}`,
  "gi",
);
const US_TAIL = /^[\s,]+([A-Za-z][A-Za-z .'-]{1,40}?)[\s,]+([A-Za-z]{2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)[\s,]+(\d{5}(?:-\d{4})?)\b/;
const US_TAIL_NO_STATE = /^[\s,]+([A-Za-z][A-Za-z .'-]{1,40}?)[\s,]+(\d{5}(?:-\d{4})?)\b/;
const US_TAIL_NO_ZIP = /^[\s,]+([A-Za-z][A-Za-z .'-]{1,40}?)[\s,]+([A-Z]{2})\b(?![A-Za-z])/;
const UK_TAIL = /^[\s,]+(?:([A-Za-z][A-Za-z .'-]{1,40}?)[\s,]+)?([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b/i;

const STATES: Readonly<Record<string, string>> = {
  alabama: "AL", alaska: "AK", arizona: "AZ", arkansas: "AR", california: "CA", colorado: "CO", connecticut: "CT",
  delaware: "DE", florida: "FL", georgia: "GA", hawaii: "HI", idaho: "ID", illinois: "IL", indiana: "IN", iowa: "IA",
  kansas: "KS", kentucky: "KY", louisiana: "LA", maine: "ME", maryland: "MD", massachusetts: "MA", michigan: "MI",
  minnesota: "MN", mississippi: "MS", missouri: "MO", montana: "MT", nebraska: "NE", nevada: "NV",
  "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY", "north carolina": "NC",
  "north dakota": "ND", ohio: "OH", oklahoma: "OK", oregon: "OR", pennsylvania: "PA", "rhode island": "RI",
  "south carolina": "SC", "south dakota": "SD", tennessee: "TN", texas: "TX", utah: "UT", vermont: "VT",
  virginia: "VA", washington: "WA", "west virginia": "WV", wisconsin: "WI", wyoming: "WY",
};
const STATE_CODES = new Set(Object.values(STATES));

function stateCode(raw: string): string | undefined {
  const upper = raw.toUpperCase();
  if (STATE_CODES.has(upper) || upper === "DC") return upper;
  return STATES[raw.toLowerCase()];
}

function clean(s: string | undefined): string | undefined {
  const t = s?.replace(/\s+/g, " ").replace(/^[\s,]+|[\s,.]+$/g, "");
  return t ? t : undefined;
}

function usFields(whole: string, street: string, city: string, state: string, zip?: string): StreetAddress {
  const parsed = parseAddress.parseLocation(whole) ?? {};
  const unit = /(?:,?\s*((?:apt|apartment|unit|suite|ste|flat|fl|floor|#)\.?\s*#?[\w-]+))$/i.exec(street);
  const line1 = clean(unit ? street.slice(0, unit.index) : street) ?? street;
  return {
    line1,
    ...(unit?.[1] ? { line2: clean(unit[1]) } : {}),
    city: clean(parsed.city && parsed.city.length >= city.trim().length - 1 ? parsed.city : city),
    region: stateCode(parsed.state ?? state) ?? state.toUpperCase(),
    ...(zip ? { postalCode: parsed.zip ? `${parsed.zip}${parsed.plus4 ? `-${parsed.plus4}` : ""}` : zip } : {}),
    country: "US",
  };
}

/** Street addresses in the text with their fields; the postal code of each belongs to it alone. */
export function streetAddresses(text: string): AddressMention[] {
  const out: AddressMention[] = [];
  for (const m of text.matchAll(STREET)) {
    const street = m[0];
    const after = text.slice(m.index + street.length);
    let end = m.index + street.length;
    let address: StreetAddress | undefined;
    const us = US_TAIL.exec(after);
    const usState = us ? stateCode(us[2] as string) : undefined;
    if (us && usState) {
      end += us[0].length;
      address = usFields(text.slice(m.index, end), street, us[1] as string, usState, us[3]);
    } else {
      const uk = UK_TAIL.exec(after);
      if (uk) {
        end += uk[0].length;
        const pc = (uk[2] as string).toUpperCase().replace(/\s*(\d[A-Z]{2})$/, " $1");
        address = { line1: clean(street) ?? street, ...(uk[1] ? { city: clean(uk[1]) } : {}), postalCode: pc, country: "GB" };
      } else {
        const noZip = US_TAIL_NO_ZIP.exec(after);
        const noState = US_TAIL_NO_STATE.exec(after);
        if (noState) {
          end += noState[0].length;
          address = { line1: clean(street) ?? street, city: clean(noState[1]), postalCode: noState[2], country: "US" };
        } else if (noZip && stateCode(noZip[2] as string)) {
          end += noZip[0].length;
          address = usFields(text.slice(m.index, end), street, noZip[1] as string, noZip[2] as string);
        } else {
          const city = /^,\s*([A-Z][A-Za-z .'-]{1,40}?)(?=[.!?\n]|$|,)/.exec(after);
          if (city) end += city[0].length;
          address = { line1: clean(street) ?? street, ...(city?.[1] ? { city: clean(city[1]) } : {}) };
        }
      }
    }
    const value = [address.line1, address.line2, address.city, [address.region, address.postalCode].filter(Boolean).join(" ")]
      .filter(Boolean)
      .join(", ");
    out.push({ value, address, start: m.index, end });
  }
  return out;
}
