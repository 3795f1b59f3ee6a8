// Voice transcripts and careful typists spell numbers out digit by digit ("W seven seven two oh nine one
// three", "six oh six one two"). Rewriting such runs as digits lets one set of rules read written and
// spoken order numbers and postal codes alike.

const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: "0",
  oh: "0",
  o: "0",
  nought: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  niner: "9",
};
const REPEAT: Readonly<Record<string, number>> = { double: 2, triple: 3 };

type Token = { word: string; start: number; end: number };

/** The text with spelled-out digit runs rewritten, and a map from each rewritten character to its source span. */
export type DigitisedText = {
  text: string;
  /** Source span of the rewritten text's characters [start, end). */
  span(start: number, end: number): { start: number; end: number };
};

function digitsOf(tokens: Token[], i: number): { digits: string; used: number } | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  const repeat = REPEAT[t.word];
  const next = tokens[i + 1];
  if (repeat && next) {
    const d = DIGIT_WORDS[next.word] ?? (/^\d$/.test(next.word) ? next.word : undefined);
    if (d) return { digits: d.repeat(repeat), used: 2 };
  }
  const d = DIGIT_WORDS[t.word];
  if (d) return { digits: d, used: 1 };
  if (/^\d{1,4}$/.test(t.word)) return { digits: t.word, used: 1 };
  return undefined;
}

/** A lone letter in front of a run is the order number's prefix ("W seven seven…"), never "a" or "I". */
function isPrefixLetter(t: Token | undefined, source: string): boolean {
  if (!t || !/^[a-z]$/.test(t.word) || t.word === "a" || t.word === "i" || t.word === "o") return false;
  // The "s" of "it's" is no prefix.
  return !/['’]/.test(source.charAt(t.start - 1));
}

/**
 * Rewrites runs of spelled digits as digit strings. A run must hold at least four digits and at
 * least one spelled word (or be four or more single digits apart), so "two jackets" and "3 4" stay.
 */
export function digitise(source: string): DigitisedText {
  const tokens: Token[] = [];
  for (const m of source.matchAll(/[A-Za-z]+|\d+/g)) tokens.push({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });

  const replacements: { start: number; end: number; text: string }[] = [];
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    let digits = "";
    let spelled = false;
    let singles = 0;
    let count = 0;
    while (j < tokens.length) {
      const prev = tokens[j - 1];
      const cur = tokens[j] as Token;
      // Tokens of one run are separated by spaces, commas or hyphens only.
      if (j > i && prev && !/^(?:\s+|\s*[,-]\s*)$/.test(source.slice(prev.end, cur.start))) break;
      const got = digitsOf(tokens, j);
      if (!got) break;
      if (!/^\d+$/.test(cur.word)) spelled = true;
      else if (cur.word.length === 1) singles += 1;
      digits += got.digits;
      count += got.used;
      j += got.used;
    }
    const lone = count === 1 && /^\d+$/.test(tokens[i]?.word ?? "");
    if (digits.length >= 4 && !lone && (spelled || singles >= 4)) {
      let start = (tokens[i] as Token).start;
      const end = (tokens[j - 1] as Token).end;
      let prefix = "";
      const before = tokens[i - 1];
      if (before && isPrefixLetter(before, source) && /^\s+$/.test(source.slice(before.end, start)) && spelled) {
        prefix = before.word.toUpperCase();
        start = before.start;
      }
      replacements.push({ start, end, text: prefix + digits });
      i = j;
    } else {
      i += Math.max(1, j - i);
    }
  }

  let text = "";
  const starts: number[] = [];
  const ends: number[] = [];
  let cursor = 0;
  const copy = (from: number, to: number) => {
    for (let k = from; k < to; k += 1) {
      text += source.charAt(k);
      starts.push(k);
      ends.push(k + 1);
    }
  };
  for (const r of replacements) {
    copy(cursor, r.start);
    for (const ch of r.text) {
      text += ch;
      starts.push(r.start);
      ends.push(r.end);
    }
    cursor = r.end;
  }
  copy(cursor, source.length);
  return {
    text,
    span(start, end) {
      if (end <= start) return { start: starts[start] ?? source.length, end: starts[start] ?? source.length };
      return { start: starts[start] ?? source.length, end: ends[end - 1] ?? source.length };
    },
  };
}
