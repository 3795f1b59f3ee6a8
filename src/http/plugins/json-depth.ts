/** Deeper than any request this API defines; the limit only has to stop pathological input. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when arrays/objects in `text` nest deeper than `max`. One pass without recursion, so
 * it is safe on any input and runs before JSON.parse and the (recursive) schema validation
 * ever see the body. Brackets inside strings are skipped, escapes included.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index++; // backslash: the next character is escaped
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}
