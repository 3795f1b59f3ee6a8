import { createHash, randomBytes } from "node:crypto";
import type { CasesService, Message } from "../../cases";
import type { Clock } from "../../core/clock";
import type { EventBus } from "../../core/events";
import { newId } from "../../core/ids";
import type { Logger } from "../../core/logger";
import type { Db } from "../../db/client";
import type { WorkspacesService } from "../../workspaces";
import type { EmailSettings } from "./email.config";
import { emailRepository, type CaseTokenRow, type OutboundRow } from "./email.repository";
import type { OutboundEnvelope } from "./email.types";
import { workspaceAddress } from "./lib/recipient-address";
import { renderEmailReply } from "./lib/render-email-reply";
import { replySubject } from "./lib/subject-ref";
import { MailSendError, type MailSender } from "./mail-sender";

export type EmailOutbound = ReturnType<typeof createEmailOutbound>;

const LEASE_MS = 120_000;
const MAX_BACKOFF_MS = 30 * 60_000;
const MAX_REFERENCES = 20;
const BASE32 = "0123456789abcdefghjkmnpqrstvwxyz";

function randomCode(length: number): string {
  return [...randomBytes(length)].map((b) => BASE32[b % 32]).join("");
}

/**
 * Outbound mail: every reply is queued in the database with the exact headers it will carry
 * (Message-ID, In-Reply-To, References, reply+token Reply-To, subject code), then a worker hands
 * due rows to the relay. A relay that is down leaves the row pending for a later attempt, so
 * nothing is lost; a row is marked sent once the relay accepts it, so it is not sent again.
 */
export function createEmailOutbound(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  settings: EmailSettings;
  workspaces: Pick<WorkspacesService, "get">;
  cases: Pick<CasesService, "get" | "messages">;
}) {
  const { settings, clock } = deps;
  let worker: {
    sender: MailSender;
    logger?: Logger;
    timer: NodeJS.Timeout;
    running: Promise<number> | null;
  } | null = null;

  /** The case's reply token and subject code, created the first time the case is on email. */
  async function caseToken(workspaceId: string, caseId: string, db: Db = deps.db): Promise<CaseTokenRow> {
    const repo = emailRepository(db);
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await repo.tokenOfCase(workspaceId, caseId);
      if (existing) return existing;
      // Insert-or-nothing: a concurrent writer's token wins and is read back; a (rare) ref collision tries again.
      await repo.insertCaseToken({
        caseId,
        workspaceId,
        token: randomCode(24),
        ref: randomCode(8).toUpperCase(),
        createdAt: clock.now(),
      });
    }
    throw new Error("could not create an email token for the case");
  }

  /**
   * Queues one stored outbound message as mail to `to`. Idempotent per message: a second call
   * (a redelivered inbound mail, a repeated event) returns the queued row.
   */
  async function queueMessage(input: {
    workspaceId: string;
    caseId: string;
    messageId: string;
    body: string;
    to: string;
    customerName: string | null;
    status?: "pending" | "external";
  }): Promise<OutboundRow> {
    const repo = emailRepository(deps.db);
    const existing = await repo.outboundOfMessage(input.messageId);
    if (existing) return existing;
    const [workspace, found, token] = await Promise.all([
      deps.workspaces.get(input.workspaceId),
      deps.cases.get(input.workspaceId, input.caseId),
      caseToken(input.workspaceId, input.caseId),
    ]);
    const thread = await repo.messageIdsOfCase(input.workspaceId, input.caseId);
    const lastInbound = thread.filter((m) => m.direction === "inbound").at(-1);
    const messageIdHeader = `${newId("emailOutbound", clock.now().getTime()).slice(5)}@${workspace.slug}.${settings.inboundDomain}`;
    const rendered = renderEmailReply({
      customerName: input.customerName,
      body: input.body,
      retailerName: workspace.name,
    });
    const envelope: OutboundEnvelope = {
      from: workspaceAddress("support", workspace.slug, settings.inboundDomain),
      fromName: `${workspace.name} support`,
      to: input.to,
      replyTo: workspaceAddress(`reply+${token.token}`, workspace.slug, settings.inboundDomain),
      subject: replySubject(found.subject, token.ref),
      text: rendered.text,
      html: rendered.html,
      messageId: `<${messageIdHeader}>`,
      inReplyTo: lastInbound ? `<${lastInbound.messageIdHeader}>` : null,
      references: thread.slice(-MAX_REFERENCES).map((m) => `<${m.messageIdHeader}>`),
    };
    const now = clock.now();
    const row = await deps.db.transaction(async (tx) => {
      const txRepo = emailRepository(tx);
      const queued = await txRepo.enqueue({
        id: newId("emailOutbound", now.getTime()),
        workspaceId: input.workspaceId,
        caseId: input.caseId,
        messageId: input.messageId,
        status: input.status ?? "pending",
        envelope,
        messageIdHeader,
        nextAttemptAt: now,
        createdAt: now,
      });
      if (queued.created) {
        await txRepo.recordMessageId({
          workspaceId: input.workspaceId,
          messageIdHeader,
          caseId: input.caseId,
          direction: "outbound",
          createdAt: now,
        });
      }
      return queued.row;
    });
    if (row.status === "pending") kick();
    return row;
  }

  async function deliverOne(sender: MailSender, logger: Logger | undefined): Promise<boolean> {
    const repo = emailRepository(deps.db);
    const row = await repo.leaseDue(clock.now(), LEASE_MS);
    if (!row) return false;
    try {
      await sender.send(row.envelope);
      await repo.markSent(row.id, clock.now());
    } catch (error) {
      const permanent = error instanceof MailSendError && error.permanent;
      const reason = error instanceof Error ? error.message.slice(0, 300) : "send failed";
      if (permanent || row.attempts >= settings.maxAttempts) {
        await repo.markFailed(row.id, reason);
        logger?.error(
          { outboundId: row.id, caseId: row.caseId, attempts: row.attempts, reason },
          "email delivery failed",
        );
      } else {
        const wait = Math.min(settings.retryBaseMs * 2 ** (row.attempts - 1), MAX_BACKOFF_MS);
        await repo.markRetry(row.id, new Date(clock.now().getTime() + wait), reason);
        logger?.warn(
          { outboundId: row.id, attempts: row.attempts, retryInMs: wait, reason },
          "email relay unavailable",
        );
      }
    }
    return true;
  }

  /** Sends every due row once; returns how many were attempted. */
  async function deliverDue(sender: MailSender, logger?: Logger): Promise<number> {
    let attempted = 0;
    while (attempted < 100 && (await deliverOne(sender, logger))) attempted++;
    return attempted;
  }

  function kick(): void {
    if (!worker || worker.running) return;
    const current = worker;
    current.running = deliverDue(current.sender, current.logger)
      .catch((error: unknown) => {
        current.logger?.error({ err: error }, "email delivery pass failed");
        return 0;
      })
      .finally(() => {
        current.running = null;
      });
  }

  // A staff reply written in the workspace on an email case goes out by mail.
  deps.events.on("message.sent", (event) => {
    const caseId = String(event.payload.caseId ?? "");
    const messageId = String(event.payload.messageId ?? "");
    if (!caseId || !messageId) return;
    void queueStaffReply(event.workspaceId, caseId, messageId).catch((error: unknown) =>
      worker?.logger?.error({ err: error, caseId }, "could not queue a staff email reply"),
    );
  });

  async function queueStaffReply(workspaceId: string, caseId: string, messageId: string): Promise<void> {
    const history = await deps.cases.messages(workspaceId, caseId);
    const message = history.find((m) => m.id === messageId);
    if (
      !message ||
      message.channel !== "email" ||
      message.direction !== "outbound" ||
      message.authorKind !== "agent"
    )
      return;
    const lastInbound = [...history].reverse().find(isInboundEmail);
    const to = (lastInbound?.metadata.email as { from?: string } | undefined)?.from;
    if (!to) return;
    const name = (lastInbound?.metadata.email as { fromName?: string } | undefined)?.fromName ?? null;
    await queueMessage({ workspaceId, caseId, messageId, body: message.body, to, customerName: name });
  }

  /**
   * A one-time code by mail, handed to the relay now (the outbox that calls this retries a failure).
   * Its Message-ID comes from the code's key, so a retry after a lost answer is the same mail.
   */
  async function sendCode(workspaceId: string, key: string, mail: { to: string; subject: string; text: string }): Promise<void> {
    const current = worker;
    if (!current) throw new Error("outbound mail is not running yet");
    const workspace = await deps.workspaces.get(workspaceId);
    const support = workspaceAddress("support", workspace.slug, settings.inboundDomain);
    await current.sender.send({
      from: support,
      fromName: `${workspace.name} support`,
      to: mail.to,
      replyTo: support,
      subject: mail.subject,
      text: mail.text,
      html: "",
      messageId: `<code-${createHash("sha256").update(key).digest("hex").slice(0, 32)}@${workspace.slug}.${settings.inboundDomain}>`,
      inReplyTo: null,
      references: [],
    });
  }

  return {
    caseToken,
    queueMessage,
    sendCode,
    deliverDue,
    /** Starts draining the queue every `intervalMs` (and right after each new reply). */
    start(options: { sender: MailSender; logger?: Logger; intervalMs?: number }): void {
      if (worker) return;
      const timer = setInterval(kick, options.intervalMs ?? 1_000);
      timer.unref();
      worker = { sender: options.sender, logger: options.logger, timer, running: null };
      kick();
    },
    /** Stops the worker after the pass in flight; the sender is closed. */
    async stop(): Promise<void> {
      const current = worker;
      if (!current) return;
      worker = null;
      clearInterval(current.timer);
      await current.running;
      current.sender.close();
    },
    outboundOfCase: (workspaceId: string, caseId: string) =>
      emailRepository(deps.db).outboundOfCase(workspaceId, caseId),
  };
}

function isInboundEmail(message: Message): boolean {
  return (
    message.channel === "email" &&
    message.direction === "inbound" &&
    typeof message.metadata.email === "object"
  );
}
