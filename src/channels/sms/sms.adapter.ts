import type { AgentService } from "../../agent";
import type { Clock } from "../../core/clock";
import { invalid } from "../../core/errors";
import type { Logger } from "../../core/logger";
import type { Db } from "../../db/client";
import { PermanentEffectError, type Outbox, type StoredEffect } from "../../outbox";
import { callerPhone } from "../twilio/lib/caller-phone";
import type { SmsProvider } from "../twilio/sms-provider";
import type { TwilioAccountsService } from "../twilio/twilio-accounts.service";
import { ProviderError } from "../twilio/twilio.errors";
import { twilioRepository } from "../twilio/twilio.repository";
import type { Message } from "../../cases";
import { smsNoRoute, smsNotConfigured } from "../twilio/twilio.errors";
import { staffReplyRoute } from "./staff-reply-route";

/** An inbound text as the pipeline needs it, from Twilio's documented webhook fields. */
export type InboundSms = {
  channel: "sms" | "whatsapp";
  messageSid: string;
  /** The sender in E.164: a claim the network passed on, never proof of who holds the phone. */
  phone: string;
  /** Raw provider addresses, so the reply goes back the way the message came (`whatsapp:` kept). */
  replyTo: string;
  replyFrom: string;
  text: string;
  profileName?: string;
};

export type SmsForm = {
  MessageSid?: string;
  SmsMessageSid?: string;
  From: string;
  To: string;
  Body?: string;
  NumMedia?: string;
  ProfileName?: string;
  WaId?: string;
  [key: string]: unknown;
};

export const SMS_JOB = { inbound: "sms.inbound", send: "sms.send" } as const;

/** Translates the webhook form; refuses a sender that is not a phone number, naming the field. */
export function parseInboundSms(form: SmsForm): InboundSms {
  const messageSid = form.MessageSid ?? form.SmsMessageSid;
  if (!messageSid) throw invalid("CHANNEL_FIELD_MISSING", "MessageSid", "MessageSid: required");
  const phone = callerPhone(form.From);
  if (!phone) throw invalid("CHANNEL_SENDER_INVALID", "From", "From: not a phone number in E.164");
  const media = Number(form.NumMedia ?? "0") || 0;
  const body = (form.Body ?? "").trim();
  // A picture with no words is still a message; its files stay with the provider.
  const text = body || (media > 0 ? `(sent ${media === 1 ? "an attachment" : `${media} attachments`})` : "");
  return {
    channel: /^whatsapp:/i.test(form.From) ? "whatsapp" : "sms",
    messageSid,
    phone,
    replyTo: form.From,
    replyFrom: form.To,
    text,
    profileName: form.ProfileName?.trim() || undefined,
  };
}

/**
 * SMS and WhatsApp over the one pipeline: the webhook stores the message as an outbox effect and
 * is acknowledged at once; the effect runs the agent turn (`agent.handleInbound`, keyed by
 * MessageSid so a redelivery is one message) and queues the reply, a second effect that sends it
 * through the provider's API, retried with back-off while the provider is unreachable.
 */
export function createSmsChannel(deps: {
  db: Db;
  clock: Clock;
  agent: AgentService;
  outbox: Outbox;
  accounts: TwilioAccountsService;
  provider: SmsProvider;
  logger?: Logger;
}) {
  // The outbox worker picks effects up within its poll interval (OUTBOX_POLL_MS).
  const { outbox } = deps;

  outbox.register(SMS_JOB.inbound, async (effect: StoredEffect) => {
    const sms = effect.payload as InboundSms & { statusCallback?: string };
    const result = await deps.agent.handleInbound({
      workspaceId: effect.workspaceId,
      channel: sms.channel,
      identities: [{ kind: "phone", value: sms.phone, level: "recognised" }],
      displayName: sms.profileName ?? null,
      text: sms.text,
      externalId: sms.messageSid,
      // The way back, so a staff reply written later goes out from the number the customer texted.
      metadata: { sms: { from: sms.replyFrom, to: sms.replyTo, ...(sms.statusCallback ? { statusCallback: sms.statusCallback } : {}) } },
    });
    const body = result.replies.join(" ").trim();
    if (!body) return;
    await outbox.enqueue(deps.db, {
      workspaceId: effect.workspaceId,
      kind: SMS_JOB.send,
      // One reply per inbound message, however often this effect runs.
      key: `reply:${sms.messageSid}`,
      payload: {
        from: sms.replyFrom,
        to: sms.replyTo,
        body,
        statusCallback: sms.statusCallback,
        caseId: result.case.id,
        messageId: result.turn.replyMessageId,
      },
    });
  });

  outbox.register(SMS_JOB.send, async (effect: StoredEffect) => {
    const payload = effect.payload as {
      /** Absent on a one-time code: it goes from the workspace's first number. */
      from?: string;
      to: string;
      body: string;
      statusCallback?: string;
      caseId?: string;
      messageId?: string | null;
    };
    const account = await twilioRepository(deps.db).findAccount(effect.workspaceId);
    if (!account) throw new PermanentEffectError("the workspace has no Twilio account any more");
    const from = payload.from ?? account.phoneNumbers[0];
    if (!from) throw new PermanentEffectError("the workspace's Twilio account has no phone number to send from");
    try {
      const sent = await deps.provider.send(account, { ...payload, from });
      if (!payload.caseId) return;
      // The provider has the message: failing to note its sid must not make the outbox send it again.
      await twilioRepository(deps.db)
        .recordSent({
          workspaceId: effect.workspaceId,
          messageSid: sent.sid,
          caseId: payload.caseId,
          messageId: payload.messageId ?? null,
          status: sent.status,
          at: deps.clock.now(),
        })
        .catch(() => deps.logger?.warn({ workspaceId: effect.workspaceId }, "sent SMS reply not recorded for status reports"));
    } catch (error) {
      if (!(error instanceof ProviderError) || error.failure === "temporary") throw error;
      // Refused for good (a bad number) or the account's credentials are wrong: retrying cannot help.
      deps.logger?.warn(
        { workspaceId: effect.workspaceId, failure: error.failure, status: error.detail.status, code: error.detail.code },
        "SMS reply refused by the provider",
      );
      throw new PermanentEffectError(`${error.failure}: ${error.message}`);
    }
  });

  return {
    /**
     * A staff reply on an SMS or WhatsApp case, queued in the reply's own transaction as the same
     * send effect the AI's replies use (keyed by the message, so it is sent once). Refused with a
     * 422 naming `channel` when the workspace has no provider account or no number to send to.
     */
    async queueStaffReply(db: Db, workspaceId: string, message: Message): Promise<void> {
      if (message.channel !== "sms" && message.channel !== "whatsapp") return;
      const account = await twilioRepository(db).findAccount(workspaceId);
      if (!account) throw smsNotConfigured(message.channel);
      const route = await staffReplyRoute(db, {
        workspaceId,
        caseId: message.caseId,
        customerId: message.customerId,
        channel: message.channel,
        numbers: account.phoneNumbers,
      });
      if (!route) throw smsNoRoute(message.channel);
      await outbox.enqueue(db, {
        workspaceId,
        kind: SMS_JOB.send,
        key: `staff:${message.id}`,
        payload: { ...route, body: message.body, caseId: message.caseId, messageId: message.id },
      });
    },

    /** Stores the message for the agent; false when this MessageSid was received before. */
    async receive(workspaceId: string, sms: InboundSms, statusCallback: string): Promise<boolean> {
      const { created } = await outbox.enqueue(deps.db, {
        workspaceId,
        kind: SMS_JOB.inbound,
        key: sms.messageSid,
        payload: { ...sms, statusCallback },
      });
      return created;
    },

    /** The provider's delivery report for a reply we sent; unknown sids are ignored. */
    async deliveryStatus(workspaceId: string, messageSid: string, status: string): Promise<void> {
      await twilioRepository(deps.db).recordDeliveryStatus(workspaceId, messageSid, status, deps.clock.now());
    },
  };
}

export type SmsChannel = ReturnType<typeof createSmsChannel>;
