import type { ScoredIntent } from "../../nlu";

/** Plain words for each request the agent handles, used to offer concrete readings of an unclear message. */
const LABELS: Readonly<Record<string, string>> = {
  order_status: "checking where an order is",
  delivery_window: "when a delivery will arrive",
  delivery_problem: "a problem with a delivery",
  cancel_order: "cancelling an order",
  change_shipping_address: "changing a delivery address",
  change_order: "changing an order",
  return_request: "returning or exchanging an item",
  return_policy: "our returns policy",
  refund_status: "a refund",
  product_availability: "whether something is in stock",
  product_info: "details about a product",
  store_hours: "store opening hours",
  store_location: "finding a store",
  promotions: "current promotions",
  payment_issue: "a payment problem",
  payment_methods: "ways to pay",
  invoice: "an invoice or receipt",
  account_access: "signing in to your account",
  account_change: "changing your account details",
  complaint: "making a complaint",
  human_agent: "talking to a person",
  feedback: "leaving feedback",
  newsletter: "the newsletter",
};

// "one" is no position: "the second one" has it too.
const ORDINALS: readonly RegExp[] = [/\b(?:first|1st|former|1|a)\b/i, /\b(?:second|2nd|latter|2|b)\b/i];

// Below this a reading is noise (a message of unknown words scores every intent about the same).
const MIN_OPTION_CONFIDENCE = 0.06;
// Readings are worth offering only when the best of them is at least this sure: "hey so about that
// thing" scores a complaint at 0.2, and offering "a complaint, or feedback?" would be a guess.
const MIN_BEST_CONFIDENCE = 0.25;

/** "Did you mean A or B?" from the two best readings that name a real request. */
export function clarifyingQuestion(ranking: readonly ScoredIntent[]): { text: string; options: string[] } {
  const options = ranking
    .filter((r) => Boolean(LABELS[r.intent]) && r.confidence >= MIN_OPTION_CONFIDENCE)
    .map((r) => r.intent)
    .slice(0, 2);
  const best = ranking.find((r) => Boolean(LABELS[r.intent]))?.confidence ?? 0;
  if (options.length < 2 || best < MIN_BEST_CONFIDENCE) {
    return {
      text: "Sorry, I'm not sure I understood. I can help with orders and deliveries, returns, stores and opening hours, products and promotions. What do you need?",
      options: [],
    };
  }
  const [a, b] = options.map((o) => LABELS[o] as string);
  return {
    text: `Sorry, I'm not sure I understood. Is it about ${a}, or ${b}? If it's something else, tell me in a few words.`,
    options,
  };
}

/** The offered reading the answer picks, by position ("the first one") or by its words ("the refund"). */
export function chosenOption(text: string, options: readonly string[]): string | undefined {
  const t = text.trim();
  if (t.split(/\s+/).length > 8) return undefined;
  const byWords = options.filter((o) => {
    const words = (LABELS[o] ?? "").split(/\s+/).filter((w) => w.length > 4);
    return words.some((w) => new RegExp(`\\b${w.slice(0, -1)}`, "i").test(t));
  });
  if (byWords.length === 1) return byWords[0];
  const byPosition = options.filter((_, i) => ORDINALS[i]?.test(t));
  return byPosition.length === 1 ? byPosition[0] : undefined;
}
