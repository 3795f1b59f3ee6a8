/** Markers ts_headline puts around matches; removed from the source text first so they cannot be forged. */
export const SNIPPET_START = "\u27e6";
export const SNIPPET_STOP = "\u27e7";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Turns a ts_headline fragment into safe HTML: everything is escaped, then only our own
 * markers become <mark> tags, so content stored with HTML or script is shown as text.
 */
export function renderSnippet(headline: string): string {
  const escaped = headline.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
  return escaped
    .replaceAll(SNIPPET_START, "<mark>")
    .replaceAll(SNIPPET_STOP, "</mark>")
    .replace(/\s+/g, " ")
    .trim();
}
