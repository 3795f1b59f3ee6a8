import type { References } from "./lib/resolve-references";
import type { ReplyPlan, TurnContext } from "./dialogue.types";
import { escalation, plan } from "./plans";

const US_ZIP = /\b(\d{5})(?:-\d{4})?\b/;
const UK_POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b/i;

/** A postal code in a message that answers "order number and postal code?" (no hint word needed there). */
export function postcodeFromAnswer(text: string, orderNumber: string | undefined): string | undefined {
  const uk = UK_POSTCODE.exec(text)?.[1];
  if (uk) return uk.toUpperCase().replace(/\s+/g, " ");
  const rest = orderNumber ? text.replace(orderNumber, " ") : text;
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
  const postcode = refs.postalCode ?? postcodeFromAnswer(ctx.text, orderNumber);
  if (orderNumber && postcode) {
    if (await ctx.verifyByOrder(orderNumber, postcode)) {
      ctx.verified = true;
      ctx.state.verificationFailures = 0;
      ctx.state.order = orderNumber;
      if (!ctx.state.orders.includes(orderNumber)) ctx.state.orders.push(orderNumber);
      return null;
    }
    ctx.state.verificationFailures += 1;
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
  return plan("verify", "verification_required", [
    orderNumber
      ? `To keep your details safe I need to confirm it's you: what is the postal code order ${orderNumber} ships to?`
      : "To keep your details safe I need to confirm it's you first: please send your order number and the postal code the order ships to.",
  ]);
}
