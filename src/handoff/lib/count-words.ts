/** Words a reader reads: tokens with a letter or digit ("→" and "·" are layout, not words). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}
