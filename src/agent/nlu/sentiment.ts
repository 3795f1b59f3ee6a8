import { SentimentIntensityAnalyzer } from "vader-sentiment";
import type { Sentiment, SentimentLabel } from "./nlu.types";

type Cue = { pattern: RegExp; weight: number };

// Signals that a customer has been let down before, beyond what word polarity shows.
const FRUSTRATION_CUES: Cue[] = [
  { pattern: /\b(second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time\b/, weight: 0.45 },
  { pattern: /\bhow many (more )?times\b/, weight: 0.4 },
  { pattern: /\b(still|yet again|again and again|once again)\b/, weight: 0.2 },
  { pattern: /\bstill (not|no|haven't|hasn't|have not|has not|waiting|nothing)\b/, weight: 0.25 },
  {
    pattern: /\b(already|keep|kept) (told|asked|asking|telling|calling|emailing|contacted|called|emailed)\b/,
    weight: 0.35,
  },
  {
    pattern:
      /\b(no one|nobody|noone) (has |is )?(helped|help|answer|answered|replied|responds|responded|gets back)/,
    weight: 0.35,
  },
  { pattern: /\b(weeks?|months?) (now|already|later|and still)\b/, weight: 0.2 },
  {
    pattern:
      /\b(furious|livid|fuming|outraged|disgusted|appalled|sick of|fed up|had enough|ridiculous|unacceptable|pathetic|useless|incompetent|joke|scam|worst|terrible|horrible|awful|rubbish)\b/,
    weight: 0.3,
  },
  { pattern: /\b(fuck\w*|shit\w*|crap|bullshit|damn\w*|wtf|bloody|hell)\b/, weight: 0.35 },
  {
    pattern:
      /\b(charge ?back|dispute (the|this) (charge|payment)|call my bank|lawyer|solicitor|sue you|small claims|trading standards|better business bureau|bbb|report you|consumer protection)\b/,
    weight: 0.5,
  },
  {
    pattern:
      /\b(never (shop|order|buy)(ing)? (here|from you|with you) again|take my business elsewhere|close my account|cancel my membership|leave a (bad|terrible|1 star|one star) review|going to a competitor)\b/,
    weight: 0.45,
  },
];

const URGENCY_CUES: Cue[] = [
  {
    pattern:
      /\b(urgent|urgently|emergency|asap|immediately|right now|right away|straight away|as soon as possible)\b/,
    weight: 0.5,
  },
  {
    pattern: /\b(today|tonight|this morning|this afternoon|within the hour|by tomorrow|tomorrow)\b/,
    weight: 0.25,
  },
  {
    pattern:
      /\b(need(ed)? it (by|for|before)|deadline|running out of time|time.?sensitive|last chance|before (it|they) (ships?|leaves?|goes))\b/,
    weight: 0.35,
  },
  { pattern: /\b(hurry|quickly|quick|fast|now)\b/, weight: 0.15 },
  { pattern: /\b(wedding|birthday|funeral|flight|holiday|trip|christmas)\b/, weight: 0.15 },
];

const MOOD_NEUTRAL =
  /\b(please|pls|plz|kindly|help|want|like to|would like|cancel\w*|return\w*|refund\w*|charge[ds]?|pay)\b/g;

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

function sumCues(text: string, cues: Cue[]): number {
  let total = 0;
  for (const cue of cues) if (cue.pattern.test(text)) total += cue.weight;
  return total;
}

/** Shouting: at least two fully upper-case words, or most of the letters upper-case in a longer text. */
function shoutingScore(text: string): number {
  const capsWords = (text.match(/\b[A-Z]{3,}\b/g) ?? []).filter(
    (w) => !/^(ETA|USA|UPS|DHL|VAT|ASAP|SMS|FAQ|XL|XXL|XS|UK|US)$/.test(w),
  );
  const letters = text.replace(/[^A-Za-z]/g, "");
  const upper = letters.replace(/[^A-Z]/g, "").length;
  if (letters.length >= 12 && upper / letters.length > 0.7) return 0.4;
  if (capsWords.length >= 2) return 0.3;
  if (capsWords.length === 1) return 0.1;
  return 0;
}

export function analyseSentiment(text: string): Sentiment {
  // VADER's negation list is lower-case only: "NOT good" would otherwise score positive.
  const lower = text.toLowerCase();
  // Politeness markers ("please", "help") and routine retail verbs ("cancel") carry lexicon weight
  // but say nothing about the customer's mood.
  const compound = SentimentIntensityAnalyzer.polarity_scores(lower.replace(MOOD_NEUTRAL, " ")).compound;
  const exclamations = /!{3,}|\?{3,}|[!?]{4,}/.test(text) ? 0.2 : /!!/.test(text) ? 0.1 : 0;
  const cues = sumCues(lower, FRUSTRATION_CUES) + shoutingScore(text);
  // Exclamation marks amplify whatever is already there; on their own they are often delight.
  const frustration = clamp01(
    cues + (cues > 0 || compound < -0.2 ? exclamations : 0) + Math.max(0, -compound) * 0.35,
  );
  const urgency = clamp01(sumCues(lower, URGENCY_CUES) + (exclamations > 0 && cues > 0 ? 0.1 : 0));
  // Strong frustration cues outweigh polite or neutral wording ("third time asking, thanks").
  const score = frustration >= 0.4 ? Math.min(compound, -frustration * 0.6) : compound;
  const label: SentimentLabel = score >= 0.05 ? "positive" : score <= -0.05 ? "negative" : "neutral";
  return {
    score: Math.round(score * 1000) / 1000,
    label,
    frustration: Math.round(frustration * 100) / 100,
    urgency: Math.round(urgency * 100) / 100,
  };
}

/**
 * Direction of a conversation's sentiment scores (oldest first): the least-squares slope across the
 * turns, with the latest turn weighed in so that one sharp drop at the end is not averaged away.
 */
export function sentimentTrend(scores: number[]): "improving" | "stable" | "worsening" {
  const n = scores.length;
  if (n < 2) return "stable";
  const meanX = (n - 1) / 2;
  const meanY = scores.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  scores.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  const totalChange = (num / den) * (n - 1);
  const earlier = scores.slice(0, -1);
  const lastJump = (scores[n - 1] as number) - earlier.reduce((a, b) => a + b, 0) / earlier.length;
  const signal = n === 2 ? lastJump : (totalChange + lastJump) / 2;
  if (signal > 0.2) return "improving";
  if (signal < -0.2) return "worsening";
  return "stable";
}
