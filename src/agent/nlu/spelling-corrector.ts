import { distance } from "fastest-levenshtein";

// Typos are frequent in chat and SMS ("cancle", "refnud"); mapping an unknown word to the closest
// training-vocabulary word lets word features fire where character n-grams alone are too weak.
export class SpellingCorrector {
  private readonly byLength = new Map<number, string[]>();
  private readonly frequency: ReadonlyMap<string, number>;
  private readonly cache = new Map<string, string>();

  constructor(frequency: ReadonlyMap<string, number>) {
    this.frequency = frequency;
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
    if (word.length < 4 || this.frequency.has(word) || /[^a-z]/.test(word)) return word;
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
