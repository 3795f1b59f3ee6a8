const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
// API keys (tl_), session tokens (tls_), bearer values and scrypt password hashes.
const SECRET = /\b(?:tls?_[A-Za-z0-9_-]{8,}|Bearer\s+\S+|scrypt\$[^\s"']+)/g;
// Nine or more digits written as one run or in groups: phone numbers, card numbers, long ids
// typed by a person. ISO dates and times have fewer digits per run and are left alone.
const LONG_NUMBER = /(?<![\w-])\+?\(?\d(?:[\s().-]?\d){8,18}(?![\w])/g;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

/** Last-line scrubbing for text bound for a log: what serializers missed is still not written. */
export function scrubText(text: string): string {
  return text
    .replace(EMAIL, "[email]")
    .replace(SECRET, "[secret]")
    .replace(LONG_NUMBER, (match) => (DATE_LIKE.test(match) ? match : "[number]"));
}
