import type { KnowledgePassage, ReplyPlan, TurnContext } from "./dialogue.types";
import { detail, failed, plan } from "./plans";
import { snippetText } from "./tool-views";

const KINDS_BY_INTENT: Record<string, string[]> = {
  promotions: ["promotion"],
  return_policy: ["policy", "article"],
};

const MIN_SCORE = 0.01;

/** Answers a policy or how-to question from the knowledge base, quoting the passages in force. */
export async function handleKnowledge(ctx: TurnContext, intent: string): Promise<ReplyPlan | null> {
  const kinds = KINDS_BY_INTENT[intent];
  const passages = (await ctx.searchKnowledge(ctx.text, kinds)).filter((p) => p.score >= MIN_SCORE);
  if (intent === "promotions") {
    if (!passages.length) {
      // "How much to get free shipping?" reads like a promotion question but is answered by an article.
      const other = (await ctx.searchKnowledge(ctx.text, ["policy", "article"])).filter((p) => p.score >= MIN_SCORE)[0];
      if (other) return passagePlan(other);
      return plan("answer", "no_promotions_in_force", ["There are no promotions running right now."]);
    }
    const top = passages.slice(0, 3);
    return plan(
      "answer",
      "promotions_answered",
      [
        top.length === 1 ? "Here's what's on right now:" : "Here's what's on right now:",
        ...top.map((p) => `- ${p.title}: ${snippetText(p.snippet)}`),
      ],
      top.flatMap((p) => [p.title, snippetText(p.snippet)]),
    );
  }
  const best = passages[0];
  if (!best) return null;
  return passagePlan(best);
}

function passagePlan(best: KnowledgePassage): ReplyPlan {
  return plan(
    "answer",
    "knowledge_answered",
    [snippetText(best.snippet), detail(`(From our article "${best.title}".)`)],
    [best.title, snippetText(best.snippet)],
  );
}

/** The return window from the published policy, when the knowledge base has no article to quote. */
export async function returnPolicyFromSource(ctx: TurnContext): Promise<ReplyPlan> {
  const { value, source } = await ctx.policies.returnPolicy(ctx.workspaceId, ctx.now);
  if (source) ctx.knowledgeUsed.push({ entryId: source.entryId, version: source.version });
  const window = `${value.windowDays} days`;
  const lines = [`You can return items within ${window} of delivery.`];
  const facts = [window, String(value.windowDays)];
  if (value.requiresUnused) lines.push("Items need to be unused, with their tags.");
  for (const [category, days] of Object.entries(value.categoryWindows)) {
    lines.push(`${category}: ${days} days.`);
    facts.push(category, String(days));
  }
  if (value.finalSaleCategories.length) {
    lines.push(`Final-sale items (${value.finalSaleCategories.join(", ")}) can't be returned.`);
    facts.push(...value.finalSaleCategories);
  }
  if (value.restockingFeePercent > 0) {
    lines.push(`A ${value.restockingFeePercent}% restocking fee applies to opened items.`);
    facts.push(`${value.restockingFeePercent}%`);
  }
  return plan("answer", "return_policy_answered", lines, facts);
}

export function unansweredQuestion(intent: string): ReplyPlan {
  return {
    ...failed(
      plan("answer", `no_knowledge_for_${intent}`, [
        "I don't have an answer to that in our help articles, so I won't guess.",
        "I can pass it to a member of our team if you like: just say so.",
      ]),
    ),
    offer: { intent: "human_agent" },
  };
}
