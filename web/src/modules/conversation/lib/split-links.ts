export type TextSegment = { text: string; href?: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that ends a sentence rather than the address. */
const TRAILING = /[.,;:!?)\]]+$/;

/**
 * Splits message text into plain runs and web links so the UI can render links as anchors
 * without ever parsing the text as HTML. Only http(s) addresses become links: a
 * `javascript:` or `data:` URL stays inert text.
 */
export function splitLinks(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const raw = match[0];
    const trailing = raw.match(TRAILING)?.[0] ?? "";
    const href = raw.slice(0, raw.length - trailing.length);
    if (start > last) segments.push({ text: text.slice(last, start) });
    segments.push({ text: href, href });
    last = start + href.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}
