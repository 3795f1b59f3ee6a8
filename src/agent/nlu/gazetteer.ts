import { distance } from "fastest-levenshtein";

export type GazetteerEntry = { id: string; phrase: string; confidence: number };
export type GazetteerHit = { id: string; text: string; start: number; end: number; confidence: number };

type Token = { word: string; start: number; end: number };
type Compiled = { id: string; words: string[]; phrase: string; confidence: number };

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['\u2019-][\p{L}\p{N}]+)*/gu)) {
    out.push({
      word: m[0].toLowerCase().replace(/\u2019/g, "'"),
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}

// Edits allowed grow with length, so "jaket" finds "jacket" but "red" never becomes "bed".
function allowedEdits(length: number): number {
  if (length < 4) return 0;
  if (length < 9) return 1;
  return 2;
}

/** Fuzzy phrase matcher over product or store names, tolerant of small typos. */
export class Gazetteer {
  private readonly entries: Compiled[] = [];
  private readonly byWord = new Map<string, Compiled[]>();
  private readonly wordsByLength = new Map<number, string[]>();

  constructor(entries: GazetteerEntry[]) {
    for (const e of entries) {
      const words = tokens(e.phrase).map((t) => t.word);
      if (words.length === 0) continue;
      const compiled: Compiled = { id: e.id, words, phrase: words.join(" "), confidence: e.confidence };
      this.entries.push(compiled);
      for (const w of new Set(words)) {
        const list = this.byWord.get(w);
        if (list) list.push(compiled);
        else {
          this.byWord.set(w, [compiled]);
          const bucket = this.wordsByLength.get(w.length);
          if (bucket) bucket.push(w);
          else this.wordsByLength.set(w.length, [w]);
        }
      }
    }
  }

  get size(): number {
    return this.entries.length;
  }

  private candidatesFor(word: string): Compiled[] {
    const exact = this.byWord.get(word);
    const out: Compiled[] = exact ? [...exact] : [];
    const edits = allowedEdits(word.length);
    if (edits === 0) return out;
    for (let len = word.length - edits; len <= word.length + edits; len += 1) {
      for (const w of this.wordsByLength.get(len) ?? []) {
        if (w !== word && distance(w, word) <= edits) out.push(...(this.byWord.get(w) ?? []));
      }
    }
    return out;
  }

  find(text: string): GazetteerHit[] {
    if (this.entries.length === 0) return [];
    const toks = tokens(text);
    const candidates = new Set<Compiled>();
    for (const t of toks) for (const c of this.candidatesFor(t.word)) candidates.add(c);
    const hits: GazetteerHit[] = [];
    for (const entry of candidates) {
      const k = entry.words.length;
      let best: GazetteerHit | undefined;
      for (let i = 0; i + k <= toks.length; i += 1) {
        const window = toks.slice(i, i + k);
        const phrase = window.map((t) => t.word).join(" ");
        const d = phrase === entry.phrase ? 0 : distance(phrase, entry.phrase);
        if (d > allowedEdits(entry.phrase.length)) continue;
        const first = window[0] as Token;
        const last = window[k - 1] as Token;
        const confidence = entry.confidence * (1 - d / Math.max(8, entry.phrase.length));
        if (!best || confidence > best.confidence) {
          best = {
            id: entry.id,
            text: text.slice(first.start, last.end),
            start: first.start,
            end: last.end,
            confidence,
          };
        }
      }
      if (best) hits.push(best);
    }
    // Keep the longest, most confident hit where matches overlap ("Aero Jacket" over "Aero").
    hits.sort((a, b) => b.end - b.start - (a.end - a.start) || b.confidence - a.confidence);
    const kept: GazetteerHit[] = [];
    for (const h of hits) {
      if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
    }
    return kept.sort((a, b) => a.start - b.start);
  }
}
