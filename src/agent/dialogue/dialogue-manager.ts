import { readPendingAnswer, sentimentTrend } from "../nlu";
import { detectInjection } from "./lib/detect-injection";
import { detectSensitiveTopic } from "./lib/detect-sensitive-topic";
import { escalationTrigger } from "./lib/escalation-trigger";
import { readConfirmation } from "./lib/read-confirmation";
import { resolveReferences, type References } from "./lib/resolve-references";
import type { DialogueState, ReplyPlan, TurnContext } from "./dialogue.types";
import { escalation, plan } from "./plans";
import { handleOrderQuestion } from "./order-handlers";
import { executeConfirmed, handleAddressChange, handleCancel, handleReturn } from "./action-handlers";
import {
  handleAvailability,
  handleProductInfo,
  handleStoreHours,
  handleStoreLocation,
} from "./retail-handlers";
import { handleKnowledge, returnPolicyFromSource, unansweredQuestion } from "./knowledge-handlers";
import { postcodeFromAnswer } from "./verification";
import { handleCodeStep } from "./code-verification";
import { clarifyingQuestion, chosenOption } from "./lib/clarify-options";
import { generalQuestionPlan, priceMatchPlan, PRICE_MATCH } from "./general-questions";
import { policyTermsPlan } from "./policy-answers";

export type DialogueOutcome = {
  plan: ReplyPlan;
  state: DialogueState;
  intent: string;
  refs: References;
  injectionSuspected: boolean;
  trend: "improving" | "stable" | "worsening";
};

const LOW_CONFIDENCE = 0.4;
/**
 * A reading that hands the case to a person is held to a higher bar: a wrong handover costs the
 * shopper a wait, so a weak reading with a close second is asked about first.
 */
const HANDOVER_CONFIDENCE = 0.5;
const HANDOVER_MARGIN = 0.2;
const SOCIAL = new Set(["greeting", "thanks", "goodbye"]);
/** Requests the AI may not carry out: a person decides (policy exceptions, payments, accounts). */
const NOT_ALLOWED: Record<string, string> = {
  change_order: "action_not_allowed:change_order",
  payment_issue: "action_not_allowed:payment_issue",
  account_change: "action_not_allowed:account_change",
  complaint: "complaint",
};
const EXCHANGE = /\b(exchange|swap)\b/i;

/** True when the message names a catalogue product outright ("tell me about the aero running jacket"). */
async function mentionsProduct(ctx: TurnContext): Promise<boolean> {
  if (!ctx.hasTool("products.search") || ctx.text.length > 300) return false;
  const result = await ctx.call("products.search", { query: ctx.text, limit: 1 });
  if (!result.ok) return false;
  const data = result.data as { products?: { id?: string; title?: string }[] };
  const top = data.products?.[0];
  if (!top?.title || !top.id) return false;
  const text = ctx.text.toLowerCase();
  const words = top.title
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 2);
  if (!words.length || !words.every((w) => text.includes(w))) return false;
  ctx.state.product = { id: top.id, name: top.title };
  return true;
}

/** An address and an order in one message, with address change among the readings the classifier weighs. */
function givesNewAddress(u: TurnContext["understanding"], state: TurnContext["state"]): boolean {
  if (!u.entities.some((e) => e.type === "address")) return false;
  if (!state.order && !u.entities.some((e) => e.type === "order_number")) return false;
  const weighed = u.ranking.slice(0, 3).some((r) => r.intent === "change_shipping_address");
  return weighed && (u.ranking[0]?.confidence ?? 0) < 0.6;
}

/** Replies a second, informational answer may join. */
const WITH_SIDE_ANSWER = new Set(["answer", "refuse", "verify", "ask", "confirm"]);

/** Informational intents a secondary request may add to the reply without a further question. */
const SIDE_ANSWERS = new Set([
  "store_hours",
  "promotions",
  "return_policy",
  "store_location",
  "payment_methods",
  "product_info",
  "product_availability",
]);

/**
 * The built-in dialogue manager: reads the turn in the light of the conversation so far, then
 * answers, asks for the one missing detail, verifies identity, asks to confirm an action, acts
 * on a confirmation, or escalates — always with the reason.
 */
export async function runDialogue(ctx: TurnContext): Promise<DialogueOutcome> {
  const state = ctx.state;
  // The question just asked decides how a short answer is read: after "what is the postal code?" a
  // bare "10012" is the postal code, not another order number.
  const asked = state.pending;
  const numbers = ctx.understanding.entities.filter((e) => e.type === "order_number").length;
  if (
    asked?.kind === "slot" &&
    ((asked.need === "verification" && (Boolean(state.order) || numbers >= 2)) || asked.need === "location")
  ) {
    ctx.understanding = {
      ...ctx.understanding,
      entities: readPendingAnswer(ctx.understanding.entities, "postal_code"),
    };
  }
  const u = ctx.understanding;
  state.sentiment = [...state.sentiment, u.sentiment.score].slice(-10);
  const trend = sentimentTrend(state.sentiment);
  const injectionSuspected = detectInjection(ctx.text);
  const refs = resolveReferences({ text: ctx.text, understanding: u, state, context: ctx.context });

  const finish = (p: ReplyPlan, intent: string): DialogueOutcome => {
    let final = p;
    if (p.failed) {
      state.failures[intent] = (state.failures[intent] ?? 0) + 1;
      if (state.failures[intent] >= 2 && !p.escalate) {
        final = { ...escalation("same_need_failed_twice", "high", p.lines[0]?.text), facts: p.facts };
      }
    } else if (p.decision === "answer" || p.decision === "act") {
      state.failures[intent] = 0;
    }
    if (!SOCIAL.has(intent) && intent !== "out_of_scope") state.lastIntent = intent;
    // What the reply offered is remembered, so that a "yes" next takes the offer up.
    if (final.offer && !state.pending && !final.escalate) state.pending = { kind: "offer", ...final.offer };
    return { plan: final, state, intent, refs, injectionSuspected, trend };
  };

  // 1. An action waiting for a yes.
  const pending = state.pending;
  if (pending?.kind === "confirm") {
    state.pending = undefined;
    const answer = readConfirmation(ctx.text);
    if (answer === "yes") return finish(await executeConfirmed(ctx, pending), pending.intent);
    if (answer === "no") {
      return finish(
        plan("answer", "action_declined", ["No problem, I've left it as it is. Anything else?"]),
        pending.intent,
      );
    }
  }

  // 1b. One-time codes: a code asked for, or the answer to "reply with the code".
  const codeStep = await handleCodeStep(ctx, refs);
  if (codeStep && "plan" in codeStep) return finish(codeStep.plan, codeStep.intent);

  // 2. A question the agent asked: the message answers it when it carries what was asked for.
  let intent = codeStep?.resume ?? refs.intent;
  let answeredSlot = Boolean(codeStep);
  // An offer the agent made ("start a return instead?") is taken up by a yes.
  if (pending?.kind === "offer") {
    state.pending = undefined;
    const answer = readConfirmation(ctx.text);
    if (answer === "yes") {
      intent = pending.intent;
      answeredSlot = true;
      if (pending.orderNumber) refs.orderNumber = pending.orderNumber;
      refs.resolved.intent = `${pending.intent} (offer accepted)`;
    } else if (answer === "no") {
      return finish(
        plan("answer", "offer_declined", ["No problem. Anything else I can help with?"]),
        pending.intent,
      );
    }
  }
  // A pick among the readings offered when the agent was unsure.
  if (pending?.kind === "choice") {
    state.pending = undefined;
    const chosen = chosenOption(ctx.text, pending.options);
    if (chosen) {
      intent = chosen;
      answeredSlot = true;
      refs.resolved.intent = `${chosen} (chosen)`;
    }
  }
  if (pending?.kind === "slot") {
    state.pending = undefined;
    const has = (type: string) => u.entities.some((e) => e.type === type);
    const orderNumber = u.entities.find((e) => e.type === "order_number")?.value;
    const answers =
      (pending.need === "verification" &&
        (has("order_number") ||
          has("postal_code") ||
          Boolean(postcodeFromAnswer(ctx.text, orderNumber, u.entities)))) ||
      (pending.need === "order_number" && (has("order_number") || refs.orderNumber !== state.order)) ||
      (pending.need === "store" && has("store")) ||
      (pending.need === "product" && (has("product") || has("size") || has("colour"))) ||
      (pending.need === "location" &&
        (has("postal_code") || has("store") || Boolean(ctx.context.location))) ||
      (pending.need === "address" && (has("address") || /\d+\s+\w+/.test(ctx.text))) ||
      pending.need === "item";
    const substantiveNewRequest =
      u.confidence >= 0.7 &&
      !SOCIAL.has(u.intent) &&
      u.intent !== "out_of_scope" &&
      u.intent !== pending.intent;
    if (
      answers &&
      !(substantiveNewRequest && pending.need !== "verification" && pending.need !== "address")
    ) {
      intent = pending.intent;
      answeredSlot = true;
      if (pending.need === "order_number" && orderNumber) refs.orderNumber = orderNumber;
      // A number inside an address is its postal code, not another order.
      if (pending.need === "address" && state.order) refs.orderNumber = state.order;
    }
  }

  // A "yes" with nothing asked is not a goodbye: say what is unclear rather than closing.
  if (!pending && !answeredSlot && SOCIAL.has(u.intent) && readConfirmation(ctx.text) === "yes") {
    return finish(
      plan("ask", "confirmation_without_question", [
        "Sorry, I'm not sure what you're agreeing to. What would you like me to do?",
      ]),
      "out_of_scope",
    );
  }

  // 3. What always goes to a person.
  const sensitive = detectSensitiveTopic(ctx.text);
  if (sensitive) {
    return finish(
      escalation(
        `sensitive_topic:${sensitive}`,
        "urgent",
        "I'm sorry to hear that. This needs one of our team.",
      ),
      intent,
    );
  }
  const trigger = escalationTrigger({
    text: ctx.text,
    intent: u.intent,
    confidence: u.confidence,
    sentiment: u.sentiment,
    scores: state.sentiment,
    trend,
  });
  if (trigger) {
    const lead =
      trigger.reason === "customer_requested_human" ? "Of course." : "I'm sorry this has been frustrating.";
    return finish(escalation(trigger.reason, trigger.priority, lead), intent);
  }

  // A product named outright reads as a product question even when the classifier is unsure.
  if (
    (intent === "out_of_scope" || (u.ranking[0]?.confidence ?? 0) < LOW_CONFIDENCE) &&
    !answeredSlot &&
    !refs.followUp
  ) {
    if (await mentionsProduct(ctx)) {
      intent = "product_info";
      refs.productId = state.product?.id;
      refs.resolved.intent = "product_info (product named)";
      answeredSlot = true;
    }
  }

  // A street address given beside an order is a new delivery address even when the wording ("I moved -
  // please ship order 1010 to …") leaves the classifier torn between status and address change.
  if (!answeredSlot && !refs.followUp && intent !== "change_shipping_address" && givesNewAddress(u, state)) {
    intent = "change_shipping_address";
    refs.resolved.intent = "change_shipping_address (new address given)";
    answeredSlot = true;
  }

  // An order number with its postal code and no request we recognise ("I'm calling about order W…,
  // the zip is …"): the shopper is identifying an order, and its status is the answer to give.
  const gives = (type: string) => u.entities.some((e) => e.type === type);
  if (
    !answeredSlot &&
    !refs.followUp &&
    intent === "out_of_scope" &&
    gives("order_number") &&
    gives("postal_code")
  ) {
    intent = "order_status";
    refs.resolved.intent = "order_status (order identified)";
    answeredSlot = true;
  }

  // 4. Not sure what was meant: ask once, hand over the second time.
  const top = u.ranking[0];
  // "I'm calling about order 1002" with its details: the order's status is the reading to act on.
  const aboutAnOrder = top?.intent === "order_status" && gives("order_number");
  const runnerUp = u.ranking[1]?.confidence ?? 0;
  const weakHandover =
    Boolean(top && NOT_ALLOWED[top.intent]) &&
    !(top?.intent === "change_order" && EXCHANGE.test(ctx.text)) &&
    (top?.confidence ?? 0) < HANDOVER_CONFIDENCE &&
    (top?.confidence ?? 0) - runnerUp < HANDOVER_MARGIN;
  const unsure =
    !answeredSlot &&
    !refs.followUp &&
    !aboutAnOrder &&
    ((top?.confidence ?? 0) < LOW_CONFIDENCE || weakHandover) &&
    top?.intent !== "out_of_scope";
  if (unsure) {
    state.lowConfidence += 1;
    if (state.lowConfidence >= 2)
      return finish(
        escalation("low_confidence_twice", "normal", "I'm not sure I'm understanding you."),
        intent,
      );
    const question = clarifyingQuestion(u.ranking);
    if (question.options.length) state.pending = { kind: "choice", options: question.options };
    return finish(plan("ask", "low_confidence", [question.text]), "out_of_scope");
  }
  state.lowConfidence = 0;

  const main = await route(ctx, refs, intent);
  // A second request in the same message is answered too when it needs no further step.
  // A question the main request asks (verification, which order) stays the one pending.
  const second = u.secondary?.intent;
  const sideAllowed =
    Boolean(second) && second !== intent && !answeredSlot && WITH_SIDE_ANSWER.has(main.decision);
  // "… and how much is express shipping?" reads as a delivery question, but the published policy answers it.
  const policySide = sideAllowed && second && !SIDE_ANSWERS.has(second) ? await policyTermsPlan(ctx) : null;
  if (policySide && policySide.reason !== main.reason) {
    const question = main.decision === "verify" || main.decision === "ask" || main.decision === "confirm";
    main.lines = question ? [...policySide.lines, ...main.lines] : [...main.lines, ...policySide.lines];
    main.facts.push(...policySide.facts);
  } else if (second && SIDE_ANSWERS.has(second) && sideAllowed) {
    const asked = state.pending;
    const side = await route(ctx, { ...refs, intent: second }, second);
    state.pending = asked;
    if (side.decision === "answer") {
      const question = main.decision === "verify" || main.decision === "ask" || main.decision === "confirm";
      // The other answer comes first so the reply ends on the question the customer must answer.
      main.lines = question ? [...side.lines, ...main.lines] : [...main.lines, ...side.lines];
      main.facts.push(...side.facts);
    }
  }
  return finish(main, intent);
}

/** Intents that read or change the customer's own orders: the only ones that need verification. */
const PERSONAL = new Set([
  "order_status",
  "delivery_window",
  "delivery_problem",
  "refund_status",
  "cancel_order",
  "change_shipping_address",
  "return_request",
]);

async function route(ctx: TurnContext, refs: References, intent: string): Promise<ReplyPlan> {
  const name = ctx.customer.displayName?.split(" ")[0];
  // "Do you price match?" is a policy question; a promotion is not its answer.
  if (PRICE_MATCH.test(ctx.text)) return priceMatchPlan(ctx);
  // "How long do I have to return shoes?" asks about the policy, not about an order of theirs.
  if (PERSONAL.has(intent)) {
    const general = await generalQuestionPlan(ctx, refs, intent);
    if (general) return general;
  }
  switch (intent) {
    case "greeting":
      return plan("smalltalk", "greeting", [
        `Hi${name ? ` ${name}` : ""}! How can I help? I can check orders and deliveries, start returns, and answer questions about stores, products and promotions.`,
      ]);
    case "thanks":
      return plan("smalltalk", "thanks", ["You're welcome! Anything else I can help with?"]);
    case "goodbye":
      return plan("smalltalk", "goodbye", ["Thanks for getting in touch. Goodbye!"]);
    case "human_agent":
      return escalation("customer_requested_human", "normal", "Of course.");
    case "order_status":
    case "delivery_window":
    case "delivery_problem":
    case "refund_status":
      return handleOrderQuestion(ctx, refs, intent);
    case "cancel_order":
      return handleCancel(ctx, refs);
    case "change_shipping_address":
      return handleAddressChange(ctx, refs);
    case "return_request":
      return handleReturn(ctx, refs);
    case "store_hours":
      return handleStoreHours(ctx, refs);
    case "store_location":
      return handleStoreLocation(ctx, refs);
    case "product_availability":
      return handleAvailability(ctx, refs);
    case "product_info":
      return handleProductInfo(ctx, refs);
    case "promotions":
      // "How much to get free shipping?" is answered by the shipping policy, not by a promotion.
      return (
        (await policyTermsPlan(ctx)) ?? (await handleKnowledge(ctx, intent)) ?? unansweredQuestion(intent)
      );
    case "return_policy":
      return (
        (await policyTermsPlan(ctx)) ?? (await handleKnowledge(ctx, intent)) ?? returnPolicyFromSource(ctx)
      );
    case "feedback":
      return plan("answer", "feedback_noted", [
        "Thank you for the feedback. I've noted it on your conversation for our team.",
      ]);
    case "change_order":
      // "Exchange the jacket for a size S" reads as an order change; exchanges are a return flow.
      if (EXCHANGE.test(ctx.text)) return handleReturn(ctx, refs);
      return escalation(
        NOT_ALLOWED.change_order ?? "action_not_allowed",
        "normal",
        "That's something one of our team needs to handle.",
      );
    case "out_of_scope": {
      const known = await handleKnowledge(ctx, intent);
      if (known && known.lines.length) return known;
      return plan("out_of_scope", "out_of_scope", [
        "That's outside what I can help with here, sorry. I can help with orders and deliveries, returns, stores and opening hours, products and promotions.",
      ]);
    }
    default: {
      const notAllowed = NOT_ALLOWED[intent];
      if (notAllowed) {
        return escalation(
          notAllowed,
          intent === "complaint" ? "high" : "normal",
          "That's something one of our team needs to handle.",
        );
      }
      return (await handleKnowledge(ctx, intent)) ?? unansweredQuestion(intent);
    }
  }
}
