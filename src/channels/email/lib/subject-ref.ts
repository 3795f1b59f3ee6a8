const REF_PATTERN = /\[#TL-([0-9A-Za-z]{4,16})\]/g;

/** The case code as it appears in a subject. */
export function formatSubjectRef(ref: string): string {
  return `[#TL-${ref.toUpperCase()}]`;
}

/** Every case code in a subject, upper-cased, in order of appearance. */
export function findSubjectRefs(subject: string): string[] {
  return [...new Set([...subject.matchAll(REF_PATTERN)].map((m) => (m[1] ?? "").toUpperCase()))];
}

/**
 * The subject of our reply: "Re: " once, the customer's wording, and the case code once at
 * the end (clients that rewrite prefixes, such as "AW:" or "RE: RE:", are tidied to one "Re:").
 */
export function replySubject(subject: string | null | undefined, ref: string): string {
  const bare = (subject ?? "")
    .replace(REF_PATTERN, "")
    .replace(/^\s*((re|aw|sv|fw|fwd|tr|wg)\s*(\[\d+\])?\s*:\s*)+/i, "")
    .replace(/\s+/g, " ")
    .trim();
  return `Re: ${bare || "Your request"} ${formatSubjectRef(ref)}`;
}
