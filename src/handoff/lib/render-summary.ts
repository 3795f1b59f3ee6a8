import { SUMMARY_WORD_LIMIT, type HandoffSummary } from "../handoff.types";
import { countWords } from "./count-words";

export type SummaryFields = Omit<HandoffSummary, "text" | "wordCount" | "wordedBy">;

type Fact = HandoffSummary["verifiedFacts"][number];

/** Facts about one order read as one clause: "order 1001: processing, Aero Jacket, USD 120.00". */
function factClauses(facts: Fact[], perOrder: number): string[] {
  const byOrder = new Map<string, string[]>();
  const loose: string[] = [];
  for (const fact of facts) {
    const order = /order (\S+)/.exec(fact.label)?.[1] ?? (fact.kind === "order" ? fact.value : null);
    if (order) {
      const parts = byOrder.get(order) ?? [];
      if (fact.kind === "order") {
        byOrder.set(order, parts);
        continue;
      }
      const rest = fact.label.replace(`order ${order}`, "").replace(/[()]/g, "").trim();
      const prefix = fact.kind === "date" || fact.kind === "tracking" || fact.kind === "eligibility" ? `${rest} ` : "";
      parts.push(`${prefix}${fact.value.replace(/_/g, " ")}`.trim());
      byOrder.set(order, parts);
    } else loose.push(`${fact.label} ${fact.value}`);
  }
  const clauses = [...byOrder.entries()].map(([order, parts]) =>
    parts.length ? `order ${order}: ${parts.slice(0, perOrder).join(", ")}` : `order ${order}`,
  );
  return [...clauses, ...loose];
}

const sentence = (text: string) => (/[.!?…”"]$/.test(text) ? text : `${text}.`);

function quote(text: string, words: number): string {
  const all = text.split(/\s+/).filter(Boolean);
  return all.length <= words ? all.join(" ") : `${all.slice(0, words).join(" ")}…`;
}

/**
 * The summary as a person reads it: who, what they need, the facts, what the AI did, where it
 * stands and why, their mood, what is open and what to do next. Detail is cut, lowest value
 * first, until it fits in 90 words.
 */
export function renderSummary(fields: SummaryFields): { text: string; wordCount: number } {
  const { customer } = fields;
  const who = `${customer.name ?? "Unknown customer"} (${customer.tier}, ${customer.verification}) · ${customer.channelPath}.`;
  const status =
    fields.resolution.status === "resolved"
      ? "Resolved"
      : fields.resolution.status === "partly_resolved"
        ? `Partly resolved: ${fields.resolution.text}`
        : "Not resolved";
  // Budgets from generous to tight; the first rendering within the limit is used.
  const levels = [
    { quote: 20, facts: 4, perOrder: 5, actions: 4, open: 3 },
    { quote: 14, facts: 3, perOrder: 4, actions: 3, open: 2 },
    { quote: 12, facts: 2, perOrder: 3, actions: 2, open: 1 },
    { quote: 10, facts: 1, perOrder: 3, actions: 1, open: 1 },
    { quote: 8, facts: 1, perOrder: 2, actions: 1, open: 0 },
    { quote: 6, facts: 0, perOrder: 0, actions: 0, open: 0 },
  ];
  let text = "";
  for (const level of levels) {
    const need = fields.need.inTheirWords ? `“${quote(fields.need.text, level.quote)}”` : quote(fields.need.text, level.quote);
    const facts = factClauses(fields.verifiedFacts, level.perOrder).slice(0, level.facts);
    const actions = fields.aiActions.slice(0, level.actions).map((a) => a.outcome);
    const open = fields.openQuestions.slice(0, level.open).map((q) => q.text);
    const lines = [
      who,
      `Needs: ${need}`,
      facts.length ? sentence(`Facts: ${facts.join("; ")}`) : null,
      actions.length ? sentence(`AI did: ${actions.join("; ")}`) : null,
      sentence(`${status}. Escalated: ${fields.escalation.detail}`),
      sentence(`Mood: ${fields.emotion.now}, ${fields.emotion.trend}`),
      open.length ? sentence(`Open: ${open.join("; ")}`) : null,
      sentence(`Next: ${fields.nextStep.text}`),
    ].filter((line): line is string => Boolean(line));
    text = lines.join("\n");
    if (countWords(text) <= SUMMARY_WORD_LIMIT) break;
  }
  // Past the tightest budget only an unusually long name or step remains: cut words off the end.
  if (countWords(text) > SUMMARY_WORD_LIMIT) {
    let kept = 0;
    text = text
      .split(/(\s+)/)
      .filter((token) => {
        if (/[\p{L}\p{N}]/u.test(token)) kept++;
        return kept <= SUMMARY_WORD_LIMIT;
      })
      .join("")
      .trimEnd()
      .concat("…");
  }
  return { text, wordCount: countWords(text) };
}
