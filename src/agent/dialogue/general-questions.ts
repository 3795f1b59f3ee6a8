import type { References } from "./lib/resolve-references";
import type { ReplyPlan, TurnContext } from "./dialogue.types";
import { detail, plan } from "./plans";
import { handleKnowledge, returnPolicyFromSource } from "./knowledge-handlers";
import { policyTermsPlan } from "./policy-answers";
import { snippetText } from "./tool-views";

// Also a price that falls after purchase ("do you refund the difference?"): the same policy answers
// it, and a promotion code is no answer to it.
export const PRICE_MATCH =
  /\bprice[- ]?match(?:es|ed|ing)?\b|\bmatch (?:a|the|their|your|that|a competitor'?s?) (?:lower |cheaper )?price\b|\bbeat (?:a|the|their|that) price\b|\bprice (?:adjustments?|protection)\b|\b(?:refund|give me|pay|claim|get)(?: me| back)? the (?:price )?difference\b/i;

// A question about how things work, as opposed to one about the customer's own order.
const GENERAL_QUESTION =
  /^\s*(?:(?:hi|hello|hey)(?: there)?[,!.\s]+)?(?:quick question[,:\s]+)?(?:how (?:long|much|many|soon|do|does|can|far)|what(?:'s| is| are) (?:your|the) (?:policy|policies|rules?|fees?|cost|price|charges?|deadline|window|time ?frame|minimum)|do (?:you|i|we)|can (?:i|you|we)|is (?:there|it possible)|are (?:there|returns|exchanges)|if i|within how)\b/i;
const PERSONAL_REFERENCE =
  /\b(?:my|our)\s+(?:order|package|parcel|delivery|shipment|refund|return|purchase|items?|stuff|jacket|shoes|box)\b|\bi (?:ordered|bought|purchased|returned|sent back|paid|received|got)\b|\bwhere(?:'s| is)\b|\b(?:cancel|return|send back) (?:it|this|that|them|these)\b/i;

/**
 * Answers a general question ("How long do I have to return shoes?") from the knowledge base or the
 * published policy, without asking who the customer is: only their own data needs verification.
 * Returns null when the message is about the customer's own order.
 */
export async function generalQuestionPlan(ctx: TurnContext, refs: References, intent: string): Promise<ReplyPlan | null> {
  if (!GENERAL_QUESTION.test(ctx.text) || PERSONAL_REFERENCE.test(ctx.text)) return null;
  if (ctx.understanding.entities.some((e) => e.type === "order_number" || e.type === "address")) return null;
  if (refs.followUp || ctx.state.pending) return null;
  const terms = await policyTermsPlan(ctx);
  if (terms) return terms;
  if (intent === "return_request") return (await handleKnowledge(ctx, "return_policy")) ?? returnPolicyFromSource(ctx);
  return handleKnowledge(ctx, "general");
}

/** A price-match question is answered from a price-match policy when there is one, and never with a promotion. */
export async function priceMatchPlan(ctx: TurnContext): Promise<ReplyPlan> {
  const passages = await ctx.searchKnowledge(`price match ${ctx.text}`, ["policy", "article"]);
  const policy = passages.find((p) => PRICE_MATCH.test(`${p.title} ${p.snippet}`) || /price match/i.test(p.title));
  if (policy) {
    const text = snippetText(policy.snippet);
    return plan("answer", "knowledge_answered", [text, detail(`(From our article "${policy.title}".)`)], [policy.title, text]);
  }
  return {
    ...plan("answer", "no_price_match_policy", [
      "I don't have a price-match policy I can quote, so I won't promise one.",
      "I can pass the question to a member of our team if you like: just say so.",
    ]),
    offer: { intent: "human_agent" },
  };
}
