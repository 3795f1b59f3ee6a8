import { newId } from "../core/ids";
import type { Db } from "../db/client";
import { verificationRepository } from "./verification.repository";

export type OutboundKind = "email.send" | "sms.send";

/**
 * Where outbound messages are queued, in the caller's transaction, once per key. The shape of an
 * outbox entry, so the platform's outbox can stand in for the built-in queue unchanged.
 */
export type OutboundQueue = {
  enqueue(
    db: Db,
    entry: { workspaceId: string; kind: OutboundKind; key: string; payload: Record<string, unknown> },
  ): Promise<void>;
};

export type CodeMessage = {
  workspaceId: string;
  /** The email address or E.164 phone number on file. */
  to: string;
  code: string;
  minutesValid: number;
  /** Stable per code: a retried send is queued once. */
  key: string;
};

/** Sends a one-time code to an identity on file. One implementation per medium. */
export interface CodeSender {
  readonly medium: "email" | "sms";
  send(db: Db, message: CodeMessage): Promise<void>;
}

export class EmailCodeSender implements CodeSender {
  readonly medium = "email";
  constructor(private readonly queue: OutboundQueue) {}

  send(db: Db, message: CodeMessage): Promise<void> {
    return this.queue.enqueue(db, {
      workspaceId: message.workspaceId,
      kind: "email.send",
      key: message.key,
      payload: {
        to: message.to,
        subject: "Your verification code",
        text: `Your verification code is ${message.code}. It expires in ${message.minutesValid} minutes. If you did not ask for it, ignore this email; nobody can use it without your inbox.`,
      },
    });
  }
}

export class SmsCodeSender implements CodeSender {
  readonly medium = "sms";
  constructor(private readonly queue: OutboundQueue) {}

  send(db: Db, message: CodeMessage): Promise<void> {
    return this.queue.enqueue(db, {
      workspaceId: message.workspaceId,
      kind: "sms.send",
      key: message.key,
      payload: {
        to: message.to,
        body: `Your verification code is ${message.code}. It expires in ${message.minutesValid} minutes. Never share it.`,
      },
    });
  }
}

/**
 * The built-in queue: entries in `verification_deliveries`, written in the code's transaction, for
 * the mail and SMS drivers to carry. Nothing about them is logged.
 */
export function verificationDeliveryQueue(clock: { now(): Date }): OutboundQueue {
  return {
    async enqueue(db, entry) {
      const at = clock.now();
      await verificationRepository(db).enqueueDelivery({ id: newId("delivery", at.getTime()), createdAt: at, ...entry });
    },
  };
}
