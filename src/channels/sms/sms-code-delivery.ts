import type { OutboundQueue } from "../../customers";
import type { Outbox } from "../../outbox";
import { SMS_JOB } from "./sms.adapter";

/**
 * One-time codes by text go out through the provider: an SMS code is queued, in the code's own
 * transaction, as the same outbox send effect as the AI's replies (sent from the workspace's
 * number, once per code) besides the record every code delivery keeps.
 */
export function smsCodeDelivery(record: OutboundQueue, outbox: Outbox): OutboundQueue {
  return {
    async enqueue(db, entry) {
      await record.enqueue(db, entry);
      if (entry.kind !== "sms.send") return;
      await outbox.enqueue(db, {
        workspaceId: entry.workspaceId,
        kind: SMS_JOB.send,
        key: `code:${entry.key}`,
        payload: { to: entry.payload.to, body: entry.payload.body },
      });
    },
  };
}
