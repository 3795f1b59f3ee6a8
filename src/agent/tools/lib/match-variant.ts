type WithOptions = { options: Record<string, string> };

/** Option names as shoppers and catalogues write them, folded to one key. */
const KEY_ALIASES: Record<string, string> = { color: "colour", colour: "colour", colours: "colour", colors: "colour", sizes: "size" };
/** Size words folded to the letters catalogues use. */
const SIZE_ALIASES: Record<string, string> = {
  "extra small": "xs",
  "x small": "xs",
  small: "s",
  medium: "m",
  med: "m",
  large: "l",
  "extra large": "xl",
  "x large": "xl",
  "extra extra large": "xxl",
  "xx large": "xxl",
  "2xl": "xxl",
};

const fold = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, " ")
    .trim();

export const optionKey = (key: string) => KEY_ALIASES[fold(key)] ?? fold(key);
const optionValue = (key: string, value: string) => {
  const v = fold(value);
  return optionKey(key) === "size" ? (SIZE_ALIASES[v] ?? v) : v;
};

export type VariantMatch<V extends WithOptions> = {
  /** Variants having every option asked for, compared exactly after folding case and spelling. */
  matches: V[];
  /** Every value each option takes across the product, for asking which one the shopper means. */
  offered: Record<string, string[]>;
};

/**
 * Variants matching the options a shopper named. No near match is ever taken for an exact one:
 * "Navy" never becomes "Navy Blue", and an option the product lacks matches nothing.
 */
export function matchVariants<V extends WithOptions>(variants: V[], wanted: Record<string, string>): VariantMatch<V> {
  const asked = Object.entries(wanted).map(([k, v]) => [optionKey(k), optionValue(k, v)] as const);
  const matches = variants.filter((variant) => {
    const own = new Map(Object.entries(variant.options).map(([k, v]) => [optionKey(k), optionValue(k, v)]));
    return asked.every(([k, v]) => own.get(k) === v);
  });
  const offered: Record<string, string[]> = {};
  for (const variant of variants) {
    for (const [k, v] of Object.entries(variant.options)) {
      const values = (offered[k] ??= []);
      if (!values.includes(v)) values.push(v);
    }
  }
  return { matches, offered };
}
