import type { StoreItem } from "../nlu";

/**
 * Store names as shoppers say them: the word every store's name shares (usually the brand) is
 * dropped as an alias, so "Northwind Soho" is found from "the Soho store".
 */
export function storeGazetteerItems(stores: { code: string; name: string; city?: string }[]): StoreItem[] {
  const common = commonWords(stores.map((s) => s.name));
  return stores.map((s) => {
    const short = s.name
      .split(/\s+/)
      .filter((w) => !common.has(w.toLowerCase()))
      .join(" ");
    // "London Covent Garden" is also just "Covent Garden".
    const cityWords = new Set((s.city ?? "").toLowerCase().split(/\s+/).filter(Boolean));
    const withoutCity = short
      .split(/\s+/)
      .filter((w) => !cityWords.has(w.toLowerCase()))
      .join(" ");
    const aliases = [...new Set([short, withoutCity])].filter((a) => a && a !== s.name);
    return {
      id: s.code,
      name: s.name,
      ...(s.city ? { city: s.city } : {}),
      ...(aliases.length ? { aliases } : {}),
    };
  });
}

function commonWords(names: string[]): Set<string> {
  if (names.length < 2) return new Set();
  const [first, ...rest] = names.map((n) => new Set(n.toLowerCase().split(/\s+/)));
  return new Set([...(first ?? [])].filter((w) => rest.every((s) => s.has(w))));
}
