/** Formats of the countries Throughline's retailers ship to most; others accept 2–10 letters/digits. */
const PATTERNS: Record<string, RegExp> = {
  US: /^\d{5}(-?\d{4})?$/,
  GB: /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/,
  CA: /^[A-Z]\d[A-Z]\d[A-Z]\d$/,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  AU: /^\d{4}$/,
  NL: /^\d{4}[A-Z]{2}$/,
  IE: /^[A-Z]\d[\dW][A-Z\d]{4}$/,
};
const GENERIC = /^[A-Z\d-]{2,10}$/;

/** Normalised postal code ("sw1a 1aa" → "SW1A1AA", "10001-1234" → "10001"), or null if malformed. */
export function normalisePostalCodeFor(country: string, raw: string): string | null {
  const compact = raw.replace(/\s+/g, "").toUpperCase();
  const pattern = PATTERNS[country] ?? GENERIC;
  if (!pattern.test(compact)) return null;
  return country === "US" ? compact.slice(0, 5) : compact;
}
