import type { Db } from "../../../db/client";
import type { Logger } from "../../../core/logger";
import { PermanentEffectError, type Outbox, type StoredEffect } from "../../../outbox";
import type { OfflineReply, RealtimeService } from "../../../realtime";
import { PushError, type PushProvider } from "./push-provider";

export const PUSH_JOB = "mobile.push";

/**
 * What the notification says. Push services and lock screens are outside the shopper's control,
 * so the reply's text stays in the app: the notification only says there is one and names the
 * conversation and event for the app to open.
 */
const NOTICE = { title: "New reply", body: "You have a new reply in your conversation." };

/**
 * Push for the mobile app: a reply appended while the conversation has no open socket becomes an
 * outbox effect (one per event, however often it is queued), sent through the push provider with
 * retries. A device that reconnected before delivery already has the reply, so nothing is sent;
 * a token the service calls unregistered is forgotten.
 */
export function createMobilePush(deps: {
  db: Db;
  outbox: Outbox;
  provider: PushProvider;
  realtime: Pick<RealtimeService, "isOnline" | "pushTarget" | "forgetPushToken">;
  logger?: Logger;
}) {
  deps.outbox.register(PUSH_JOB, async (effect: StoredEffect) => {
    const reply = effect.payload as OfflineReply;
    if (deps.realtime.isOnline(reply.conversationId)) return;
    const target = await deps.realtime.pushTarget(effect.workspaceId, reply.conversationId);
    if (!target) return;
    try {
      await deps.provider.send({
        token: target.token,
        platform: target.platform,
        ...NOTICE,
        data: { conversationId: reply.conversationId, seq: String(reply.seq), messageId: reply.messageId },
      });
    } catch (error) {
      if (!(error instanceof PushError) || error.failure === "temporary") throw error;
      if (error.failure === "unregistered") {
        await deps.realtime.forgetPushToken(effect.workspaceId, reply.conversationId, target.token);
      }
      deps.logger?.warn(
        { workspaceId: effect.workspaceId, conversationId: reply.conversationId, failure: error.failure, status: error.status },
        "push notification refused",
      );
      throw new PermanentEffectError(`${error.failure}: ${error.message}`);
    }
  });

  return {
    async queue(reply: OfflineReply): Promise<void> {
      await deps.outbox.enqueue(deps.db, {
        workspaceId: reply.workspaceId,
        kind: PUSH_JOB,
        key: `push:${reply.conversationId}:${reply.seq}`,
        payload: reply,
      });
    },
  };
}

export type MobilePush = ReturnType<typeof createMobilePush>;
