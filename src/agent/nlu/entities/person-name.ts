// People introduce themselves in a handful of ways ("my name is…", "this is … speaking", "Maya here",
// a sign-off). A name is taken only from those frames, never from a capitalised word on its own.

export type PersonName = { value: string; start: number; end: number };

const NAME_WORD = "[A-Za-z][A-Za-z'’-]*";
const NAME = `(${NAME_WORD}(?:\\s+${NAME_WORD}){0,3})`;
const CAP_NAME = `([A-Z][A-Za-z'’-]*(?:\\s+[A-Z][A-Za-z'’-]*){0,2})`;

// Words that end a name: what follows a name in an introduction, never part of it.
const STOP = new Set(
  "and but so or here speaking calling from with about i im i'm my me is am was to for on at in of the a an this that it its it's regarding re please pls thanks thank hi hello hey again just also calling writing again".split(
    " ",
  ),
);
const NOT_A_NAME = new Set(
  "looking trying having waiting wondering writing calling contacting reaching still not very really so just sorry glad happy unhappy upset angry frustrated a an the your customer new here back from going".split(
    " ",
  ),
);

const FRAMES: { pattern: RegExp; capitalised: boolean }[] = [
  { pattern: new RegExp(`\\bmy\\s+(?:full\\s+)?name(?:'s|\\s+is)\\s+${NAME}`, "gi"), capitalised: false },
  { pattern: new RegExp(`\\bname\\s*[:=-]\\s*${NAME}`, "gi"), capitalised: false },
  { pattern: new RegExp(`\\b(?:this|it)\\s+is\\s+${NAME}\\s+(?:speaking|calling|here)\\b`, "gi"), capitalised: false },
  { pattern: new RegExp(`\\bthis\\s+is\\s+${NAME}\\s+from\\b`, "gi"), capitalised: false },
  { pattern: new RegExp(`\\b(?:you(?:'re| are)\\s+(?:speaking|talking)\\s+(?:to|with)|call\\s+me)\\s+${NAME}`, "gi"), capitalised: false },
  { pattern: new RegExp(`\\b(?:this|it)\\s+is\\s+${CAP_NAME}(?=\\s*(?:[,.!]|from\\b|and\\b|$))`, "g"), capitalised: true },
  { pattern: new RegExp(`\\b(?:I'm|I’m|I am|Im)\\s+${CAP_NAME}(?=\\s*(?:[,.!]|and\\b|$))`, "g"), capitalised: true },
  { pattern: new RegExp(`^\\s*(?:[Hh]i|[Hh]ello|[Hh]ey)?[,!\\s]*${CAP_NAME}\\s+here\\b`, "g"), capitalised: true },
  {
    pattern: new RegExp(`(?:^|[\\n.!?,])\\s*(?:thanks|thank you|cheers|regards|kind regards|best|best regards|sincerely|many thanks)[,!.]?\\s*(?:-\\s*)?${CAP_NAME}\\s*[.!]?\\s*$`, "gi"),
    capitalised: true,
  },
  { pattern: new RegExp(`(?:^|\\n)\\s*[-–—]\\s*${CAP_NAME}\\s*$`, "g"), capitalised: true },
];

function titleCase(word: string): string {
  return word
    .split(/([-'’])/)
    .map((p) => (p.length > 1 || /[a-z]/i.test(p) ? p.charAt(0).toUpperCase() + p.slice(1).toLowerCase() : p))
    .join("");
}

/** Names the customer gives for themselves, title-cased ("maya chen" → "Maya Chen"). */
export function personNames(text: string): PersonName[] {
  const out: PersonName[] = [];
  for (const { pattern } of FRAMES) {
    for (const m of text.matchAll(pattern)) {
      const captured = m[1] ?? "";
      const words: string[] = [];
      for (const w of captured.split(/\s+/)) {
        if (STOP.has(w.toLowerCase())) break;
        words.push(w);
      }
      if (words.length === 0 || NOT_A_NAME.has((words[0] as string).toLowerCase())) continue;
      const start = m.index + m[0].indexOf(captured);
      const end = start + captured.indexOf(words[words.length - 1] as string) + (words[words.length - 1] as string).length;
      if (out.some((o) => start < o.end && o.start < end)) continue;
      out.push({ value: words.map(titleCase).join(" "), start, end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
