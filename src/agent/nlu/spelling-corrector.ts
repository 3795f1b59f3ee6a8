import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { distance } from "fastest-levenshtein";

const ENGLISH_WORDS_FILE = fileURLToPath(new URL("./lexicon/english-words.txt", import.meta.url));
let englishWords: ReadonlySet<string> | undefined;

/**
 * Correctly spelt English words of four letters or more (SCOWL, small American and British lists).
 * Read once per process; about 40,000 words.
 */
export function englishDictionary(): ReadonlySet<string> {
  englishWords ??= new Set(readFileSync(ENGLISH_WORDS_FILE, "utf8").split("\n").filter((w) => w !== ""));
  return englishWords;
}

// Typos are frequent in chat and SMS ("cancle", "refnud"); mapping an unknown word to the closest
// training-vocabulary word lets word features fire where character n-grams alone are too weak.
// A word the dictionary knows is not a typo, though: "rash", "game" or "drilling" are correctly spelt
// words the examples never used, and "correcting" them to "cash", "came" or "billing" would invent
// retail meaning in an off-topic message. Such words stay unknown, which lowers the word coverage.
export class SpellingCorrector {
  private readonly byLength = new Map<number, string[]>();
  private readonly frequency: ReadonlyMap<string, number>;
  private readonly cache = new Map<string, string>();

  private readonly dictionary: ReadonlySet<string>;

  constructor(frequency: ReadonlyMap<string, number>, dictionary: ReadonlySet<string> = new Set()) {
    this.frequency = frequency;
    this.dictionary = dictionary;
    for (const word of frequency.keys()) {
      if (word.length < 3 || /\d/.test(word)) continue;
      const bucket = this.byLength.get(word.length);
      if (bucket) bucket.push(word);
      else this.byLength.set(word.length, [word]);
    }
  }

  knows(word: string): boolean {
    return this.frequency.has(word);
  }

  correct(word: string): string {
    if (word.length < 4 || this.frequency.has(word) || this.dictionary.has(word) || /[^a-z]/.test(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    // Short words tolerate one edit; longer words two, otherwise unrelated short words collide.
    const maxEdits = word.length >= 8 ? 2 : 1;
    let best = word;
    let bestDistance = maxEdits + 1;
    let bestFrequency = 0;
    for (let len = word.length - maxEdits; len <= word.length + maxEdits; len += 1) {
      for (const candidate of this.byLength.get(len) ?? []) {
        const d = distance(word, candidate);
        const f = this.frequency.get(candidate) ?? 0;
        if (d < bestDistance || (d === bestDistance && f > bestFrequency)) {
          best = candidate;
          bestDistance = d;
          bestFrequency = f;
        }
      }
    }
    // Bounded so a stream of junk cannot grow memory without limit.
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(word, best);
    return best;
  }
}
