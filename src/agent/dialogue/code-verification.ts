import type { References } from "./lib/resolve-references";
import { readConfirmation } from "./lib/read-confirmation";
import { asksForCode, codeInAnswer } from "./lib/read-code-request";
import type { ReplyPlan, TurnContext } from "./dialogue.types";
import { plan } from "./plans";

export type CodeStep = { plan: ReplyPlan; intent: string } | { resume: string } | null;

const INTENT = "verification_code";
const NEW_CODE = 'Say "send me a code" and I\'ll send a new one.';

/**
 * One-time codes in the conversation: a shopper asking for a code (or saying yes to the offer), and
 * the answer to "reply with the code". A valid code resumes the request that needed proof, with the
 * order the case is about back in hand. Replies never repeat the code, and a wrong code is only
 * "doesn't match".
 */
export async function handleCodeStep(ctx: TurnContext, refs: References): Promise<CodeStep> {
  const codes = ctx.codes;
  if (!codes) return null;
  const pending = ctx.state.pending;
  const step = (decision: "verify" | "answer", reason: string, text: string) => ({
    plan: plan(decision, reason, [text]),
    intent: INTENT,
  });

  if (pending?.kind === "slot" && pending.need === "code") {
    const code = codeInAnswer(ctx.text);
    if (code) {
      ctx.state.pending = undefined;
      const checked = ctx.verified ? ({ status: "valid" } as const) : await codes.check(code);
      switch (checked.status) {
        case "valid":
          ctx.verified = true;
          ctx.state.verificationFailures = 0;
          if (ctx.state.order) refs.orderNumber = ctx.state.order;
          if (pending.intent === INTENT) {
            return step("answer", "code_verified", "Thanks, that's confirmed. What can I help you with?");
          }
          return { resume: pending.intent };
        case "wrong":
          ctx.state.pending = pending;
          return step(
            "verify",
            "code_did_not_match",
            `That code doesn't match. Please check it and send it again (${checked.attemptsLeft} ${checked.attemptsLeft === 1 ? "try" : "tries"} left), or say "send me a new code".`,
          );
        case "expired":
          return step("verify", "code_expired", `That code has expired. ${NEW_CODE}`);
        case "used_up":
          return step("verify", "code_used_up", `That code can't be used any more. ${NEW_CODE}`);
        case "none":
          return step("verify", "code_not_waiting", `I don't have a code waiting for this conversation. ${NEW_CODE}`);
      }
    }
  }

  const offered = pending?.kind === "slot" && pending.need === "verification" && Boolean(codes.target);
  const wants = asksForCode(ctx.text) || (offered && readConfirmation(ctx.text) === "yes");
  if (!wants) return null;
  if (ctx.verified) {
    return step("answer", "already_verified", "You're already confirmed in this conversation, so there's no need for a code. What can I help you with?");
  }
  const resumeIntent =
    pending?.kind === "slot" && (pending.need === "verification" || pending.need === "code") ? pending.intent : INTENT;
  const sent = await codes.send();
  if (sent.status === "sent") {
    ctx.state.pending = { kind: "slot", intent: resumeIntent, need: "code" };
    return step(
      "verify",
      "code_sent",
      `I've sent a 6-digit code to ${sent.maskedTo}. Reply here with the code to continue; it expires in 10 minutes.`,
    );
  }
  ctx.state.pending = { kind: "slot", intent: resumeIntent === INTENT ? "order_status" : resumeIntent, need: "verification" };
  if (sent.status === "too_many_sends") {
    return step(
      "verify",
      "code_send_limited",
      "I've sent several codes already, so please wait a few minutes before asking for another. You can also send your order number and the postal code it ships to.",
    );
  }
  return step(
    "verify",
    "code_unavailable",
    "I can't send a code here, as there's no email or phone on your profile I can use. Please send your order number and the postal code the order ships to instead.",
  );
}
