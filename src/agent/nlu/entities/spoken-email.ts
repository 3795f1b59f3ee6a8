// "maya dot chen at example dot com" is how an address is said on the phone; written out it is
// maya.chen@example.com. Only a domain with a dot and a known-shaped ending counts, so "look at this
// dot" is never an address.

const WORD = "[a-z0-9]+";
const JOIN = "\\s+(?:dot|underscore|dash|hyphen)\\s+|[._-]";
const LOCAL = `${WORD}(?:(?:${JOIN})${WORD})*`;
const DOT = "\\s+dot\\s+|\\s*[[(]\\s*dot\\s*[\\])]\\s*|\\.";
const DOMAIN = `${WORD}(?:(?:${DOT})${WORD})*(?:${DOT})(?:com|net|org|edu|gov|io|co|uk|us|de|fr|ca|au|info|biz|me|app|dev)`;
const SPOKEN_EMAIL = new RegExp(`\\b(${LOCAL})\\s*(?:\\s(?:at)\\s|\\s?[[(]\\s?at\\s?[\\])]\\s?)\\s*(${DOMAIN})\\b`, "gi");
const NOT_LOCAL = /^(?:is|it|me|my|email|e-?mail|address|mail|on|to|reach|contact|via|was|be|look|arrive|arrived|here|there|that|this)$/i;

export type SpokenEmail = { value: string; start: number; end: number };

function spell(part: string): string {
  return part
    .toLowerCase()
    .replace(/\s*[[(]\s*dot\s*[\])]\s*|\s+dot\s+/g, ".")
    .replace(/\s+underscore\s+/g, "_")
    .replace(/\s+(?:dash|hyphen)\s+/g, "-");
}

/** Email addresses said in words ("maya dot chen at example dot com"), written as addresses. */
export function spokenEmails(text: string): SpokenEmail[] {
  const out: SpokenEmail[] = [];
  for (const m of text.matchAll(SPOKEN_EMAIL)) {
    const local = m[1] ?? "";
    const domain = m[2] ?? "";
    if (NOT_LOCAL.test(local)) continue;
    out.push({ value: `${spell(local)}@${spell(domain)}`, start: m.index, end: m.index + m[0].length });
  }
  return out;
}
