import type { Entity } from "../nlu";
import type { References } from "./lib/resolve-references";
import type { ReplyPlan, TurnContext } from "./dialogue.types";
import { escalation, plan } from "./plans";

const US_ZIP = /\b(\d{5})(?:-\d{4})?\b/;
const UK_POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b/i;

/**
 * A postal code in a message that answers "order number and postal code?" (no hint word needed there).
 * The postal code of an address in the message belongs to that address, never to the verification.
 */
export function postcodeFromAnswer(
  text: string,
  orderNumber: string | undefined,
  entities: readonly Entity[] = [],
): string | undefined {
  let rest = text;
  for (const a of entities.filter((e) => e.type === "address")) {
    rest = rest.slice(0, a.start) + " ".repeat(a.end - a.start) + rest.slice(a.end);
  }
  const uk = UK_POSTCODE.exec(rest)?.[1];
  if (uk) return uk.toUpperCase().replace(/\s+/g, " ");
  if (orderNumber) rest = rest.replace(orderNumber, " ");
  return US_ZIP.exec(rest)?.[1];
}

/**
 * Personal data is shown only to a verified customer. An unverified one is asked for the order
 * number and the postal code it ships to; a match verifies them for the trust window, on every
 * channel. The answer never says which of the two details was wrong.
 */
export async function requireVerified(
  ctx: TurnContext,
  refs: References,
  intent: string,
): Promise<ReplyPlan | null> {
  if (ctx.verified) return null;
  const orderNumber = ctx.understanding.entities.find((e) => e.type === "order_number")?.value ?? refs.orderNumber;
  const postcode = refs.postalCode ?? postcodeFromAnswer(ctx.text, orderNumber, ctx.understanding.entities);
  if (orderNumber && postcode) {
    const outcome = await ctx.verifyByOrder(orderNumber, postcode);
    if (outcome === "verified") {
      ctx.verified = true;
      ctx.state.verificationFailures = 0;
      ctx.state.order = orderNumber;
      if (!ctx.state.orders.includes(orderNumber)) ctx.state.orders.push(orderNumber);
      return null;
    }
    if (outcome === "limited") {
      // Said the same whatever was typed: the limit must not tell a right guess from a wrong one.
      ctx.state.pending = undefined;
      return plan("verify", "verification_rate_limited", [
        "There have been too many attempts to confirm these details, so I can't check them for a while. Please try again later, or ask me for a person.",
      ]);
    }
    if (outcome === "needs_staff") {
      return escalation(
        "verification_needs_staff",
        "normal",
        "Thanks. I can't connect those details to this conversation myself, so one of our team will check them and get back to you.",
      );
    }
    ctx.state.verificationFailures += 1;
    // The order in hand stays: a corrected postal code in the next message is checked against it.
    ctx.state.order = orderNumber;
    if (ctx.state.verificationFailures >= 2) {
      return escalation("verification_failed_twice", "normal", "I still can't match those details to an order.");
    }
    ctx.state.pending = { kind: "slot", intent, need: "verification" };
    return {
      ...plan("verify", "verification_details_did_not_match", [
        "I couldn't match those details to an order. Please check the order number and the postal code the order ships to, and send both again.",
      ]),
      failed: false,
    };
  }
  ctx.state.pending = { kind: "slot", intent, need: "verification" };
  if (orderNumber) ctx.state.order = orderNumber;
  const target = ctx.codes?.target;
  if (target && ctx.state.heldOrder && !orderNumber) {
    // The case already knows the order: ask only for proof, never again which order it was.
    return plan("verify", "verification_required", [
      `I can pick this up where we left off. To share order details here I first need to confirm it's you: say "send me a code" and I'll send a 6-digit code to ${target.maskedTo}.`,
    ]);
  }
  const offer = target
    ? ` Or say "send me a code" and I'll send a 6-digit code to ${target.maskedTo}.`
    : "";
  return plan("verify", "verification_required", [
    (orderNumber
      ? `To keep your details safe I need to confirm it's you: what is the postal code order ${orderNumber} ships to?`
      : "To keep your details safe I need to confirm it's you first: please send your order number and the postal code the order ships to.") + offer,
  ]);
}
