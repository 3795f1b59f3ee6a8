import { segmentMessage } from "../../nlu/message-segmenter";

const RETURN_CUE = /\b(return|send (?:it |them )?back|exchange|swap|refund)\b/i;
/** Title words too general to name an item on their own ("set", "pack"). */
const GENERIC = new Set(["set", "pack", "the", "and", "for", "with", "kit", "pair", "item"]);

const stem = (word: string) => word.toLowerCase().replace(/(?:es|s)$/, "");

function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => w.length > 2).map(stem));
}

type Line = { title: string; options?: string };

function matchedWords(said: Set<string>, line: Line): string[] {
  return [...words(`${line.title} ${line.options ?? ""}`)].filter((w) => !GENERIC.has(w) && said.has(w));
}

function linesNamedIn<L extends Line>(text: string, lines: readonly L[]): L[] {
  const said = words(text);
  return lines.filter((l) => matchedWords(said, l).length > 0);
}

/** Several lines named by the very same words ("the mug" with two mug sets): the shopper must choose. */
export function isAmbiguous(texts: readonly string[], named: readonly Line[]): boolean {
  if (named.length < 2) return false;
  const said = words(texts.join(" "));
  const keys = named.map((l) => matchedWords(said, l).sort().join(" "));
  return keys.every((k) => k === keys[0]);
}

/**
 * The order lines a return request names. The sentence that asks for the return wins over the
 * story around it ("I bought a lamp and some mugs … Can I return just the lamp?"); the rest of the
 * message, then earlier messages, are read only when that sentence names no item. An empty result
 * means no item was named.
 */
export function namedOrderLines<L extends Line>(texts: readonly string[], lines: readonly L[]): L[] {
  for (const text of texts) {
    const asking = segmentMessage(text).filter((s) => RETURN_CUE.test(s));
    for (const part of [...asking, text]) {
      const named = linesNamedIn(part, lines);
      if (named.length) return named;
    }
  }
  return [];
}
