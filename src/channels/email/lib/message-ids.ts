/**
 * The Message-IDs in a header value (`<a@b> <c@d>`), normalised: no angle brackets, trimmed,
 * lower-cased. Some clients fold the list or separate it with commas; a bare id without
 * brackets (seen from a few old clients) is kept too.
 */
export function parseMessageIds(value: string | string[] | null | undefined): string[] {
  const raw = Array.isArray(value) ? value.join(" ") : (value ?? "");
  const bracketed = [...raw.matchAll(/<([^<>\s]{1,500})>/g)].map((m) => m[1] ?? "");
  const ids = bracketed.length
    ? bracketed
    : raw.split(/[\s,]+/).filter((part) => /^[^@\s]+@[^@\s]+$/.test(part));
  const seen = new Set<string>();
  for (const id of ids) {
    const normalised = normaliseMessageId(id);
    if (normalised) seen.add(normalised);
  }
  return [...seen];
}

export function normaliseMessageId(id: string): string | null {
  const bare = id
    .trim()
    .replace(/^<+|>+$/g, "")
    .trim()
    .toLowerCase();
  return bare.length > 0 && bare.length <= 500 ? bare : null;
}
