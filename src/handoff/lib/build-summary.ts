import type { AgentTurn } from "../../agent";
import type { Case, Message } from "../../cases";
import type { Customer } from "../../customers";
import type { EscalationReason, HandoffSummary } from "../handoff.types";
import { escalationCategory } from "./escalation-category";
import { extractFacts, toolCallId } from "./extract-facts";
import type { SummaryFields } from "./render-summary";

export type SummaryInput = {
  caseRecord: Case;
  customer: Customer;
  /** Oldest first. */
  messages: Message[];
  /** Oldest first. */
  turns: AgentTurn[];
  version: number;
  now: Date;
};

const CHANNEL_NAMES: Record<string, string> = {
  web_chat: "chat",
  rest: "chat",
  mobile: "app",
  email: "email",
  sms: "SMS",
  whatsapp: "WhatsApp",
  voice: "call",
  phone: "call",
  store: "store",
};
const channelName = (channel: string) => CHANNEL_NAMES[channel] ?? channel.replace(/_/g, " ");

/** Intents that say nothing about the need itself. */
const NOT_A_NEED = new Set(["greeting", "thanks", "goodbye", "human_agent", "out_of_scope", "feedback"]);
const TOOL_VERBS: Record<string, string> = {
  "order.lookup": "looked up",
  "order.status": "checked status of",
  "delivery.window": "checked delivery of",
  "returns.eligibility": "checked return eligibility of",
  "returns.create": "started a return for",
  "exchanges.create": "started an exchange for",
  "order.cancel": "cancelled",
  "order.changeAddress": "changed the address of",
  "stores.find": "found stores",
  "stores.hours": "checked store hours",
  "inventory.check": "checked stock",
  "products.search": "searched products",
  "products.get": "read a product",
};

function actions(turns: AgentTurn[]): HandoffSummary["aiActions"] {
  const grouped = new Map<string, HandoffSummary["aiActions"][number]>();
  turns.forEach((turn) =>
    turn.tools.forEach((call, index) => {
      const order = typeof call.args.orderNumber === "string" ? call.args.orderNumber : null;
      const verb = TOOL_VERBS[call.name] ?? `ran ${call.name}`;
      const target = order ? ` order ${order}` : "";
      const outcome = call.ok
        ? `${verb}${target}`
        : call.code === "VERIFICATION_REQUIRED"
          ? `could not check${target || ` ${call.name}`}: not verified`
          : `${verb}${target} failed (${call.code ?? "error"})`;
      const key = `${call.name}|${order}|${call.ok}`;
      const known = grouped.get(key);
      const source = toolCallId(turn.id, index);
      if (known) known.sources.push(source);
      else grouped.set(key, { tool: call.name, ok: call.ok, outcome, sources: [source] });
    }),
  );
  // Failures and actions first: they are what a person must not miss.
  return [...grouped.values()].sort((a, b) => Number(a.ok) - Number(b.ok)).slice(0, 20);
}

function emotionOf(turns: AgentTurn[], caseId: string): HandoffSummary["emotion"] {
  const recent = turns.slice(-10);
  const last = recent.at(-1);
  if (!last) return { now: "neutral", trend: "stable", scores: [], sources: [caseId] };
  const { score, frustration } = last.understanding.sentiment;
  const now =
    score <= -0.5 || frustration >= 0.7
      ? "angry"
      : score <= -0.15 || frustration >= 0.4
        ? "frustrated"
        : score >= 0.3
          ? "positive"
          : "neutral";
  return {
    now,
    trend: last.understanding.sentimentTrend,
    scores: recent.map((t) => Math.round(t.understanding.sentiment.score * 100) / 100),
    sources: recent.slice(-3).map((t) => t.id),
  };
}

/** Escalations whose own message states the need (a person asked for, or a mood, does not). */
const SELF_STATED = /^(sensitive_topic|action_not_allowed|complaint|delivery_problem)/;

/**
 * What they need now, quoted: the message that escalated when it names the matter itself, else the
 * opening of the latest request (the first message of the last run of one intent, so "where is my
 * order?" rather than the postcode given for it).
 */
function needOf(input: SummaryInput, escalating: AgentTurn | undefined): HandoffSummary["need"] {
  const byId = new Map(input.messages.map((m) => [m.id, m]));
  const substantive = (t: AgentTurn) =>
    !NOT_A_NEED.has(t.understanding.intent) && t.understanding.confidence >= 0.4 && byId.has(t.messageId);
  let chosen: AgentTurn | undefined;
  if (escalating && SELF_STATED.test(escalating.reason) && byId.has(escalating.messageId))
    chosen = escalating;
  if (!chosen) {
    const turns = input.turns;
    let index = turns.findLastIndex(substantive);
    if (index >= 0) {
      while (index > 0 && turns[index - 1]!.understanding.intent === turns[index]!.understanding.intent)
        index--;
      chosen = turns[index];
    }
  }
  const message = chosen
    ? byId.get(chosen.messageId)
    : input.messages.findLast((m) => m.direction === "inbound");
  if (message) {
    const text = message.body.replace(/\s+/g, " ").trim().slice(0, 200);
    return { text, inTheirWords: true, sources: [message.id] };
  }
  const subject =
    input.caseRecord.subject ?? input.caseRecord.intent?.replace(/_/g, " ") ?? "help with their case";
  return { text: subject, inTheirWords: false, sources: [input.caseRecord.id] };
}

/** The order the conversation is about now: the last one a tool read, else the case's. */
function currentOrder(turns: AgentTurn[], caseRecord: Case): string | null {
  for (const turn of [...turns].reverse()) {
    for (const call of [...turn.tools].reverse()) {
      if (call.ok && typeof call.args.orderNumber === "string") return call.args.orderNumber;
    }
  }
  return caseRecord.orderRef;
}

function nextStep(reason: EscalationReason, raw: string | null, order: string | null): string {
  const forOrder = order ? ` for order ${order}` : "";
  switch (reason) {
    case "verification_failed":
      return "Verify identity by one-time code or order number and postal code before sharing details";
    case "sensitive_topic":
      return raw?.endsWith("fraud")
        ? `Follow the fraud procedure${forOrder}; change nothing before verifying`
        : raw?.endsWith("injury")
          ? "Follow the product-safety procedure and record what happened"
          : "Pass to the legal contact; do not admit liability";
    case "policy_exception":
      return `Decide on the exception${forOrder} and reply`;
    case "needs_investigation":
      return `Open a carrier investigation${forOrder} and offer options under the policy`;
    case "complaint":
      return "Acknowledge the complaint and offer a resolution";
    case "negative_sentiment":
      return `Acknowledge the frustration, then resolve the need${forOrder}`;
    case "repeated_failure":
      return `Resolve the need by hand${forOrder}; the AI failed twice`;
    case "low_confidence":
      return "Ask what they need; the AI could not tell";
    case "customer_requested":
      return `Greet them and resolve the need${forOrder}`;
    default:
      return `Review the case and reply${forOrder}`;
  }
}

/**
 * The handoff summary's fields, each from what the case recorded: the customer record and the
 * channels their messages came in on, the agent turns (understanding, tools and results,
 * decisions, sentiment) and the escalation. Every field names the ids it came from.
 */
export function buildSummary(input: SummaryInput): SummaryFields {
  const { caseRecord, customer, messages, turns } = input;
  const inbound = messages.filter((m) => m.direction === "inbound");
  const path: { channel: string; messageId: string }[] = [];
  for (const message of inbound) {
    const name = channelName(message.channel);
    if (path.at(-1)?.channel !== name) path.push({ channel: name, messageId: message.id });
  }
  if (path.length === 0)
    path.push({ channel: channelName(caseRecord.originChannel), messageId: caseRecord.id });

  const escalating = [...turns].reverse().find((t) => t.escalated);
  const raw = escalating?.reason ?? null;
  const { reason, detail } = escalationCategory(raw);
  const facts = extractFacts(turns);
  const order = currentOrder(turns, caseRecord);

  const answered = turns.filter((t) => (t.decision === "answer" || t.decision === "act") && !t.escalated);
  const resolution: HandoffSummary["resolution"] =
    caseRecord.status === "resolved"
      ? { status: "resolved", text: "resolved", sources: [caseRecord.id] }
      : answered.length
        ? {
            status: "partly_resolved",
            text:
              [...new Set(answered.map((t) => t.understanding.intent.replace(/_/g, " ")))]
                .slice(0, 2)
                .join(", ") + " answered",
            sources: answered.slice(-3).map((t) => t.id),
          }
        : {
            status: "not_resolved",
            text: "nothing resolved yet",
            sources: [escalating?.id ?? caseRecord.id],
          };

  // The person taking over talks to the contact that escalated: proof held by another of the
  // customer's devices says nothing about a caller ID or a typed email now.
  const contactUnproven =
    escalating?.notes.contactVerified === false && customer.verification.level === "verified";
  const open: HandoffSummary["openQuestions"] = [];
  turns.forEach((turn) =>
    turn.tools.forEach((call, index) => {
      if (!call.ok && call.code !== "VERIFICATION_REQUIRED") {
        open.push({
          text: `${call.name} failed (${call.code ?? "error"}): check by hand`,
          sources: [toolCallId(turn.id, index)],
        });
      }
    }),
  );
  // The record shows where the customer's own data was asked for and proof was missing.
  const needsProof = turns.filter(
    (t) => t.decision === "verify" || t.tools.some((call) => call.code === "VERIFICATION_REQUIRED"),
  );
  if ((customer.verification.level !== "verified" || contactUnproven) && needsProof.length) {
    open.push({
      text: "not verified: verify before sharing order details",
      sources: needsProof.slice(-2).map((t) => t.id),
    });
  }
  const refused = turns.filter((t) => t.decision === "refuse");
  if (refused.length) {
    open.push({
      text: `refused by policy (${refused.at(-1)!.reason.replace(/_/g, " ")}): exception wanted?`,
      sources: refused.map((t) => t.id),
    });
  }

  return {
    caseId: caseRecord.id,
    version: input.version,
    generatedAt: input.now.toISOString(),
    customer: {
      name: customer.displayName,
      tier: customer.tier,
      verification: contactUnproven ? "recognised" : customer.verification.level,
      verificationMethod: contactUnproven ? null : customer.verification.method,
      channelPath: path.map((p) => p.channel).join(" → "),
      sources: [customer.id, ...path.map((p) => p.messageId)],
    },
    need: needOf(input, escalating),
    verifiedFacts: facts,
    aiActions: actions(turns),
    resolution,
    escalation: {
      reason,
      detail,
      sources: escalating ? [escalating.id, escalating.messageId] : [caseRecord.id],
    },
    emotion: emotionOf(turns, caseRecord.id),
    openQuestions: open.slice(0, 5),
    nextStep: {
      text: nextStep(reason, raw, order),
      sources: escalating ? [escalating.id] : [caseRecord.id],
    },
  };
}
