import type { ShippingPolicy } from "../../../policies";

type Transit = { min: number; max: number };

// Retailers and importers spell the same service many ways ("Express", "EXPRESS_SHIPPING",
// "Next-day delivery"); quoting the standard window for an express order would be a wrong fact.
const SPELLINGS: [RegExp, string][] = [
  [/\b(express|expedited|priority|next ?day|overnight|1 ?day|one ?day|2 ?day|two ?day|rush)\b/, "express"],
  [/\b(standard|ground|economy|regular|free|basic|normal)\b/, "standard"],
];

const words = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** The policy's name for a shipping method however it is spelled, or null when none fits. */
export function shippingMethodKey(method: string, shipping: ShippingPolicy): string | null {
  const wanted = words(method);
  const keys = Object.keys(shipping.transitDays);
  const exact = keys.find((k) => words(k) === wanted);
  if (exact) return exact;
  for (const [pattern, key] of SPELLINGS) {
    if (pattern.test(wanted)) return keys.find((k) => words(k) === key) ?? null;
  }
  return null;
}

/**
 * Transit days for an order's method; an order without a method ships standard. A method the
 * policy does not know yields null: guessing its window would state a date the data does not hold.
 */
export function transitFor(method: string | undefined, shipping: ShippingPolicy): { method: string; transit: Transit } | null {
  const key = shippingMethodKey(method ?? "standard", shipping);
  const transit = key ? shipping.transitDays[key] : undefined;
  return key && transit ? { method: key, transit } : null;
}
