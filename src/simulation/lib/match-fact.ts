import type { Fact, NamedPattern } from "../scenario.types";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTH_WORDS = MONTHS.flatMap((m) => [m, m.slice(0, 3)]).join("|");

const NAMED: Record<NamedPattern, RegExp> = {
  "any-date": new RegExp(
    `\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b\\d{1,2}/\\d{1,2}(/\\d{2,4})?\\b|\\b(${MONTH_WORDS})\\.? \\d{1,2}(st|nd|rd|th)?\\b|\\b\\d{1,2}(st|nd|rd|th)? (of )?(${MONTH_WORDS})\\b`,
    "i",
  ),
  markdown: /(^|\n)\s*(#{1,6} |\|.*\||[-*] )|\*\*[^*]+\*\*|\[[^\]]+\]\([^)]+\)/,
  url: /\bhttps?:\/\/|\bwww\.[a-z0-9-]+\./i,
};

/** The ways a reply may write one calendar day: ISO, "December 2", "Dec 2", "2 December", "12/2". */
export function dayRenderings(isoDay: string): string[] {
  const [year, month, day] = isoDay.split("-").map(Number) as [number, number, number];
  const name = MONTHS[month - 1] ?? "";
  const short = name.slice(0, 3);
  return [
    isoDay,
    `${name} ${day}`,
    `${short} ${day}`,
    `${short}. ${day}`,
    `${day} ${name}`,
    `${day} ${short}`,
    `${month}/${day}/${year}`,
    `${month}/${day}`,
  ];
}

const containsWord = (text: string, needle: string) => {
  const lower = text.toLowerCase();
  const target = needle.toLowerCase();
  // A digit-bounded match, so "Dec 2" does not match "Dec 21" and "1001" not "10012".
  let from = 0;
  for (;;) {
    const at = lower.indexOf(target, from);
    if (at < 0) return false;
    const before = lower[at - 1] ?? "";
    const after = lower[at + target.length] ?? "";
    const digitEdge = (/\d/.test(target[0] ?? "") && /\d/.test(before)) || (/\d/.test(target.at(-1) ?? "") && /\d/.test(after));
    if (!digitEdge) return true;
    from = at + 1;
  }
};

/** Whether `text` states `fact`. Matching is case-insensitive and never splits a number. */
export function matchFact(text: string, fact: Fact): boolean {
  if (typeof fact === "string") return containsWord(text, fact);
  if (Array.isArray(fact)) return fact.some((alternative) => containsWord(text, alternative));
  if ("date" in fact) return dayRenderings(fact.date).some((rendering) => containsWord(text, rendering));
  if ("pattern" in fact) return new RegExp(fact.pattern, "i").test(text);
  return NAMED[fact.named].test(text);
}

/** A short label for a fact in a failure message. */
export function describeFact(fact: Fact): string {
  if (typeof fact === "string") return JSON.stringify(fact);
  if (Array.isArray(fact)) return fact.map((f) => JSON.stringify(f)).join(" or ");
  if ("date" in fact) return `the date ${fact.date}`;
  if ("pattern" in fact) return `/${fact.pattern}/i`;
  return `<${fact.named}>`;
}
