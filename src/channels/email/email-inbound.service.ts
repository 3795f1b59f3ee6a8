import { createHash } from "node:crypto";
import type { AgentService } from "../../agent";
import type { StaffUser } from "../../auth";
import type { Case, CasesService } from "../../cases";
import type { Clock } from "../../core/clock";
import type { EventBus } from "../../core/events";
import { newId } from "../../core/ids";
import type { CustomersService } from "../../customers";
import type { Db } from "../../db/client";
import type { WorkspacesService } from "../../workspaces";
import type { Ingest } from "../ingest";
import type { EmailSettings } from "./email.config";
import {
  attachmentTooLarge,
  messageTooLarge,
  recipientUnknown,
  senderMissing,
  tooManyAttachments,
} from "./email.errors";
import type { EmailOutbound } from "./email-outbound.service";
import { emailRepository } from "./email.repository";
import type { InboundMail, InboundOutcome, SmtpEnvelope, ThreadLinkKind } from "./email.types";
import { isDangerousAttachment } from "./lib/dangerous-attachment";
import { parseInboundMail } from "./lib/parse-inbound-mail";
import { parseRecipient } from "./lib/recipient-address";
import { stripQuotedReply } from "./lib/strip-quoted-reply";
import { findSubjectRefs } from "./lib/subject-ref";

export type EmailInbound = ReturnType<typeof createEmailInbound>;

// The agent reads at most this much of a mail; the whole text stays in the message's metadata.
const MAX_BODY_CHARS = 20_000;

type ThreadLink = { caseId: string; via: ThreadLinkKind };
type Threaded = { case: Case; as: "customer" | "staff"; via: ThreadLinkKind; staff?: StaffUser };

/**
 * Inbound mail → the one pipeline. The adapter parses and threads; `agent.handleInbound` (or
 * `ingest` for automated mail, which is never answered) resolves the customer, attaches the
 * case and stores the message. The From address only recognises a customer: it is a claim.
 */
export function createEmailInbound(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  settings: EmailSettings;
  workspaces: Pick<WorkspacesService, "findBySlug">;
  cases: Pick<CasesService, "get" | "appendMessage">;
  customers: Pick<CustomersService, "get">;
  staff: { listUsers(workspaceId: string): Promise<StaffUser[]> };
  agent: Pick<AgentService, "handleInbound">;
  ingest: Ingest;
  outbound: EmailOutbound;
}) {
  const { settings } = deps;

  /** RCPT TO check: the workspace an address belongs to, or a refusal (we are not a relay). */
  async function acceptRecipient(address: string): Promise<{ workspaceId: string }> {
    const route = parseRecipient(address, settings.inboundDomain);
    const workspace = route ? await deps.workspaces.findBySlug(route.slug) : undefined;
    if (!workspace) throw recipientUnknown();
    return { workspaceId: workspace.id };
  }

  /** A whole mail as received over SMTP; resolves once it is stored in every workspace it was sent to. */
  async function receive(raw: Buffer, envelope: SmtpEnvelope): Promise<InboundOutcome[]> {
    if (raw.length > settings.maxMessageBytes) throw messageTooLarge(settings.maxMessageBytes);
    const mail = await parseInboundMail(raw);
    if (mail.attachments.length > settings.maxAttachments) throw tooManyAttachments(settings.maxAttachments);
    if (mail.attachments.some((a) => a.size > settings.maxAttachmentBytes))
      throw attachmentTooLarge(settings.maxAttachmentBytes);
    const sender = mail.from?.address ?? envelope.mailFrom?.toLowerCase() ?? null;
    if (!sender) throw senderMissing();

    const byWorkspace = new Map<string, string[]>();
    const headerRecipients = [...mail.to, ...mail.cc].map((a) => a.address);
    for (const address of envelope.rcptTo) {
      const route = parseRecipient(address, settings.inboundDomain);
      const workspace = route ? await deps.workspaces.findBySlug(route.slug) : undefined;
      if (!route || !workspace) continue;
      const tokens = byWorkspace.get(workspace.id) ?? [];
      // A forward keeps our reply+ address in To or Cc even when the envelope names another of ours.
      for (const candidate of [address, ...headerRecipients]) {
        const parsed = parseRecipient(candidate, settings.inboundDomain);
        if (parsed?.slug === route.slug && parsed.replyToken && !tokens.includes(parsed.replyToken))
          tokens.push(parsed.replyToken);
      }
      byWorkspace.set(workspace.id, tokens);
    }
    if (byWorkspace.size === 0) throw recipientUnknown();

    const externalId = mailExternalId(mail);
    const outcomes: InboundOutcome[] = [];
    for (const [workspaceId, tokens] of byWorkspace) {
      outcomes.push(await receiveIn(workspaceId, mail, sender, tokens, externalId));
    }
    return outcomes;
  }

  async function receiveIn(
    workspaceId: string,
    mail: InboundMail,
    sender: string,
    replyTokens: string[],
    externalId: string,
  ): Promise<InboundOutcome> {
    const threaded = await findThread(workspaceId, await threadLinks(workspaceId, mail, replyTokens), sender);
    const visible = stripQuotedReply(mail.text);
    const body = clip(visible || mail.subject.trim() || "(empty message)");
    const metadata = {
      email: {
        messageId: mail.messageId,
        from: sender,
        fromName: mail.from?.name || null,
        to: mail.to.map((a) => a.address),
        cc: mail.cc.map((a) => a.address),
        subject: mail.subject,
        date: mail.date?.toISOString() ?? null,
        inReplyTo: mail.inReplyTo,
        references: mail.references,
        // Kept as given; every surface that shows it escapes it.
        html: mail.html,
        ...(visible !== mail.text.trim() ? { text: mail.text } : {}),
        automated: mail.automated,
        attachments: mail.attachments.map((a, i) => ({ ordinal: i, filename: a.filename, size: a.size })),
        thread: threaded ? { as: threaded.as, via: threaded.via } : null,
      },
    };

    if (threaded?.as === "staff" && threaded.staff) {
      return receiveFromStaff(workspaceId, mail, threaded, body, metadata, externalId);
    }

    const contact = {
      workspaceId,
      channel: "email",
      identities: [{ kind: "email" as const, value: sender }],
      displayName: mail.from?.name || null,
      text: body,
      externalId,
      caseId: threaded?.case.id ?? null,
      subject: mail.subject.trim() || null,
      metadata,
    };
    let caseId: string;
    let messageId: string;
    let duplicate: boolean;
    let replyQueued = false;
    if (mail.automated) {
      const result = await deps.ingest.ingest(contact);
      ({ duplicate } = result);
      caseId = result.case.id;
      messageId = result.message.id;
    } else {
      const result = await deps.agent.handleInbound(contact);
      ({ duplicate } = result);
      caseId = result.case.id;
      messageId = result.turn.messageId;
      await recordMail(workspaceId, caseId, mail, externalId);
      const reply = result.replies[0];
      if (result.turn.replyMessageId && reply) {
        await deps.outbound.queueMessage({
          workspaceId,
          caseId,
          messageId: result.turn.replyMessageId,
          body: reply,
          to: sender,
          customerName: result.customer.displayName ?? (mail.from?.name || null),
        });
        replyQueued = true;
      }
    }
    if (mail.automated) await recordMail(workspaceId, caseId, mail, externalId);
    return {
      workspaceId,
      caseId,
      messageId,
      threadedAs: threaded?.as ?? "none",
      threadedVia: threaded?.via ?? null,
      duplicate,
      replyQueued,
    };
  }

  /**
   * Staff answering from their own mail client. The From header proves nothing, so the mail is
   * never relayed on its strength: when the customer was among its recipients they already have
   * it and it is recorded as the staff member's reply; otherwise it is an internal note.
   */
  async function receiveFromStaff(
    workspaceId: string,
    mail: InboundMail,
    threaded: Threaded,
    body: string,
    metadata: Record<string, unknown>,
    externalId: string,
  ): Promise<InboundOutcome> {
    const customer = await deps.customers.get(workspaceId, threaded.case.customerId);
    const customerEmails = new Set(customer.identities.filter((i) => i.kind === "email").map((i) => i.value));
    const toCustomer = [...mail.to, ...mail.cc].some((a) => customerEmails.has(a.address));
    const at = deps.clock.now();
    const appended = await deps.db.transaction(async (tx) => {
      const result = await deps.cases.appendMessage(tx, {
        workspaceId,
        caseId: threaded.case.id,
        customerId: threaded.case.customerId,
        direction: toCustomer ? "outbound" : "internal",
        authorKind: "agent",
        authorId: threaded.staff?.id ?? null,
        channel: toCustomer ? "email" : "internal",
        body,
        metadata: { ...metadata, sentByStaffMailClient: true },
        externalId,
        at,
      });
      if (!result.duplicate) await recordMailOn(tx, workspaceId, threaded.case.id, mail, externalId, at);
      return result;
    });
    if (!appended.duplicate) {
      deps.events.emit({
        name: toCustomer ? "message.sent" : "note.added",
        workspaceId,
        occurredAt: at,
        payload: { caseId: threaded.case.id, messageId: appended.message.id },
      });
    }
    return {
      workspaceId,
      caseId: threaded.case.id,
      messageId: appended.message.id,
      threadedAs: "staff",
      threadedVia: threaded.via,
      duplicate: appended.duplicate,
      replyQueued: false,
    };
  }

  /** The mail's Message-ID (for later replies to find the case) and its attachments. */
  async function recordMail(workspaceId: string, caseId: string, mail: InboundMail, externalId: string) {
    await deps.db.transaction((tx) =>
      recordMailOn(tx, workspaceId, caseId, mail, externalId, deps.clock.now()),
    );
  }

  async function recordMailOn(
    db: Db,
    workspaceId: string,
    caseId: string,
    mail: InboundMail,
    externalId: string,
    at: Date,
  ) {
    const repo = emailRepository(db);
    if (mail.messageId) {
      await repo.recordMessageId({
        workspaceId,
        messageIdHeader: mail.messageId,
        caseId,
        direction: "inbound",
        createdAt: at,
      });
    }
    await repo.insertAttachments(
      mail.attachments.map((a, ordinal) => {
        const blocked = isDangerousAttachment(a.filename, a.contentType);
        return {
          id: newId("emailAttachment", at.getTime()),
          workspaceId,
          caseId,
          messageExternalId: externalId,
          ordinal,
          filename: a.filename,
          contentType: a.contentType,
          sizeBytes: a.size,
          sha256: a.sha256,
          blocked,
          content: blocked ? null : a.content,
          createdAt: at,
        };
      }),
    );
  }

  /** Every case the mail points at, strongest link first: our reply address, In-Reply-To, References (newest first), the subject code. */
  async function threadLinks(
    workspaceId: string,
    mail: InboundMail,
    replyTokens: string[],
  ): Promise<ThreadLink[]> {
    const repo = emailRepository(deps.db);
    const links: ThreadLink[] = [];
    const add = (caseId: string, via: ThreadLinkKind) => {
      if (!links.some((l) => l.caseId === caseId)) links.push({ caseId, via });
    };
    for (const row of await repo.casesOfTokens(workspaceId, replyTokens)) add(row.caseId, "reply_token");
    const byId = async (ids: string[], via: ThreadLinkKind) => {
      const found = new Map(
        (await repo.casesOfMessageIds(workspaceId, ids)).map((r) => [r.messageIdHeader, r.caseId]),
      );
      for (const id of ids) {
        const caseId = found.get(id);
        if (caseId) add(caseId, via);
      }
    };
    await byId(mail.inReplyTo, "in_reply_to");
    await byId([...mail.references].reverse(), "references");
    for (const row of await repo.casesOfRefs(workspaceId, findSubjectRefs(mail.subject)))
      add(row.caseId, "subject_ref");
    return links;
  }

  /**
   * The first linked case the sender may write into: its customer (by email identity) or a
   * staff member. Anyone else replying to a thread (a newsletter's other readers, a CC'd
   * stranger) gets their own case: a thread link never joins two people's conversations.
   */
  async function findThread(
    workspaceId: string,
    links: ThreadLink[],
    sender: string,
  ): Promise<Threaded | null> {
    if (!links.length) return null;
    const staff = (await deps.staff.listUsers(workspaceId)).find((u) => u.email === sender && !u.disabledAt);
    for (const link of links) {
      const found = await deps.cases.get(workspaceId, link.caseId).catch(() => null);
      if (!found) continue;
      if (staff) return { case: found, as: "staff", via: link.via, staff };
      if (found.status === "resolved") continue;
      const customer = await deps.customers.get(workspaceId, found.customerId);
      if (customer.identities.some((i) => i.kind === "email" && i.value === sender))
        return { case: found, as: "customer", via: link.via };
    }
    return null;
  }

  return { acceptRecipient, receive };
}

/**
 * Message-ID plus a hash of what the sender wrote: the same mail delivered twice (even by two
 * routes with different Received headers) is one message, while two different mails that share
 * a Message-ID (a relay that rewrites or a broken client) stay two.
 */
export function mailExternalId(mail: InboundMail): string {
  const hash = createHash("sha256");
  for (const part of [
    mail.from?.address ?? "",
    mail.subject,
    mail.date?.toISOString() ?? "",
    mail.text,
    mail.html ?? "",
  ])
    hash.update(part).update("\u0000");
  for (const a of mail.attachments) hash.update(a.sha256);
  return `${mail.messageId ?? "no-message-id"}#${hash.digest("hex").slice(0, 32)}`.slice(0, 300);
}

function clip(text: string): string {
  return text.length <= MAX_BODY_CHARS ? text : `${text.slice(0, MAX_BODY_CHARS - 1)}…`;
}
