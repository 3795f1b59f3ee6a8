import type { ReturnPolicy } from "../../policies";
import type { ReplyPlan, TurnContext } from "./dialogue.types";
import { plan } from "./plans";
import { formatMoney } from "./tool-views";

/**
 * Everyday words for the policy's product categories. The windows themselves come only from the
 * published policy; this only tells which category "shoes" or "headphones" belongs to.
 */
const CATEGORY_WORDS: Readonly<Record<string, RegExp>> = {
  footwear: /\b(?:foot ?wear|shoes?|boots?|sneakers?|trainers?|sandals?|heels|slippers|loafers)\b/i,
  electronics: /\b(?:electronics?|headphones?|earbuds?|earphones?|speakers?|chargers?|phones?|laptops?|tablets?|cameras?|gadgets?)\b/i,
  clearance: /\b(?:clearance|final[- ]sale|outlet)\b/i,
};

// Asks how returns work in general (the window, what qualifies), not how to start one.
const RETURN_RULES = /\b(?:how long|how many days|window|deadline|time ?limit|policy|policies|final[- ]sale|clearance|can (?:\w+ )?(?:be )?return(?:ed)?)\b/i;
const FREE_SHIPPING = /\bfree (?:shipping|delivery)\b|\bqualify for free\b/i;
const SHIPPING = /\b(?:shipping|delivery|postage)\b/i;
const COST = /\b(?:how much|cost|costs|price|fee|charge|pay for)\b/i;
const TRANSIT = /\bhow (?:long|fast|quick(?:ly)?)\b|\b(?:business )?days\b/i;

const categoryOf = (text: string, name: string): boolean =>
  (CATEGORY_WORDS[name] ?? new RegExp(`\\b${name.replace(/[^a-z0-9 ]/gi, "")}\\b`, "i")).test(text);

/** The return rule a question asks about, from the published policy's structured terms. */
function returnRuleLines(text: string, policy: ReturnPolicy): string[] | undefined {
  const finalSale = policy.finalSaleCategories.filter((c) => categoryOf(text, c));
  const windows = Object.entries(policy.categoryWindows).filter(([c]) => categoryOf(text, c));
  if (!finalSale.length && !windows.length) return undefined;
  const lines = finalSale.map((c) => `${capitalise(c)} items are final sale, so they can't be returned or exchanged.`);
  for (const [category, days] of windows) {
    lines.push(`${capitalise(category)} can be returned within ${days} days of delivery${policy.requiresUnused ? ", unused and with tags" : ""}.`);
  }
  if (windows.length) lines.push(`Most other items: ${policy.windowDays} days.`);
  return lines;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Answers a question about the return window of a kind of item ("How long do I have to return
 * shoes?") from the published return policy. Null when the question names no category the policy has.
 */
export async function returnRulePlan(ctx: TurnContext): Promise<ReplyPlan | null> {
  if (!RETURN_RULES.test(ctx.text)) return null;
  const { value, source } = await ctx.policies.returnPolicy(ctx.workspaceId, ctx.now);
  // Only a policy the retailer published is quoted; built-in defaults are no promise of theirs.
  const lines = source ? returnRuleLines(ctx.text, value) : undefined;
  if (!lines || !source) return null;
  ctx.knowledgeUsed.push({ entryId: source.entryId, version: source.version });
  return plan("answer", "return_policy_answered", lines, lines);
}

/**
 * Answers a shipping-cost or delivery-time question from the published shipping policy: the
 * free-shipping threshold, transit times and prices come from its terms.
 */
export async function shippingPlan(ctx: TurnContext): Promise<ReplyPlan | null> {
  const text = ctx.text;
  if (!SHIPPING.test(text)) return null;
  const { value, source } = await ctx.policies.shippingPolicy(ctx.workspaceId, ctx.now);
  if (!source) return null;
  const lines: string[] = [];
  if (FREE_SHIPPING.test(text)) {
    lines.push(`Standard shipping is free on orders over ${formatMoney(value.freeShippingThreshold, value.currency)}.`);
  } else if (COST.test(text)) {
    for (const [service, price] of Object.entries(value.rates ?? {})) {
      if (!new RegExp(`\\b${service}\\b`, "i").test(text)) continue;
      // The free-shipping threshold applies to standard shipping.
      const free = service === "standard" ? `, and is free on orders over ${formatMoney(value.freeShippingThreshold, value.currency)}` : "";
      lines.push(`${capitalise(service)} shipping costs ${formatMoney(price, value.currency)}${free}.`);
    }
  } else if (TRANSIT.test(text)) {
    for (const [service, days] of Object.entries(value.transitDays)) {
      if (!new RegExp(`\\b${service}\\b`, "i").test(text)) continue;
      lines.push(`${capitalise(service)} delivery takes ${days.min}–${days.max} business days after dispatch.`);
    }
  }
  if (!lines.length) return null;
  ctx.knowledgeUsed.push({ entryId: source.entryId, version: source.version });
  return plan("answer", "shipping_policy_answered", lines, lines);
}

/** A general policy question answered from the published policy's terms, or null to search the knowledge base. */
export async function policyTermsPlan(ctx: TurnContext): Promise<ReplyPlan | null> {
  return (await shippingPlan(ctx)) ?? returnRulePlan(ctx);
}
