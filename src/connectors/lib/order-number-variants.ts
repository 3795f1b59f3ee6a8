/**
 * Shoppers quote order numbers with or without the leading "#" ("#W2378156", "W2378156",
 * "#1001"); every spelling the stored number may have is tried.
 */
export function orderNumberVariants(raw: string): string[] {
  const trimmed = raw.trim();
  if (!trimmed) return [];
  const bare = trimmed.replace(/^#+\s*/, "");
  return [...new Set([trimmed, bare, `#${bare}`])].filter((value) => value.length > 0 && value !== "#");
}
