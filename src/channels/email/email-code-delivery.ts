import type { OutboundQueue } from "../../customers";
import { PermanentEffectError, type Outbox, type StoredEffect } from "../../outbox";
import type { EmailOutbound } from "./email-outbound.service";
import { MailSendError } from "./mail-sender";

export const EMAIL_CODE_JOB = "email.code";

/**
 * One-time codes by mail go out through the relay: an email code is queued, in the code's own
 * transaction, as an outbox effect (retried while the relay is down, sent once per code) besides
 * the record every code delivery keeps.
 */
export function emailCodeDelivery(record: OutboundQueue, outbox: Outbox): OutboundQueue {
  return {
    async enqueue(db, entry) {
      await record.enqueue(db, entry);
      if (entry.kind !== "email.send") return;
      await outbox.enqueue(db, {
        workspaceId: entry.workspaceId,
        kind: EMAIL_CODE_JOB,
        key: `code:${entry.key}`,
        payload: entry.payload,
      });
    },
  };
}

/** The outbox hands queued codes to the channel's relay; a refusal for good is not retried. */
export function registerEmailCodeSender(outbox: Outbox, outbound: Pick<EmailOutbound, "sendCode">): void {
  outbox.register(EMAIL_CODE_JOB, async (effect: StoredEffect) => {
    const mail = effect.payload as { to: string; subject: string; text: string };
    try {
      await outbound.sendCode(effect.workspaceId, effect.key, mail);
    } catch (error) {
      if (error instanceof MailSendError && error.permanent) throw new PermanentEffectError(error.message);
      throw error;
    }
  });
}
