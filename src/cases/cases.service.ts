import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { newId } from "../core/ids";
import { cursorDate, decodeCursor, encodeCursor } from "../core/keyset-cursor";
import type { Db } from "../db/client";
import type { TimelineService } from "../timeline";
import { casesRepository, type CaseRow, type MessageRow } from "./cases.repository";
import { assigneeUnknown, caseNotFound, replyChannelUnreachable } from "./cases.errors";
import { pickOpenCase } from "./lib/pick-open-case";
import type {
  Case,
  CasePriority,
  CaseStatus,
  Message,
  MessageAuthorKind,
  MessageDirection,
} from "./cases.types";

export type CasesService = ReturnType<typeof createCasesService>;

export type NewMessage = {
  workspaceId: string;
  caseId: string;
  customerId: string;
  direction: MessageDirection;
  authorKind: MessageAuthorKind;
  authorId?: string | null;
  channel: string;
  body: string;
  metadata?: Record<string, unknown>;
  externalId?: string | null;
  at: Date;
};

export type CasePatch = {
  status?: CaseStatus;
  priority?: CasePriority;
  assigneeId?: string | null;
  topic?: string | null;
  intent?: string | null;
  orderRef?: string | null;
  subject?: string | null;
};

export const toCase = (row: CaseRow): Case => ({ ...row });

export const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  caseId: row.caseId,
  customerId: row.customerId,
  direction: row.direction,
  authorKind: row.authorKind,
  authorId: row.authorId,
  channel: row.channel,
  body: row.body,
  metadata: row.metadata,
  externalId: row.externalId,
  createdAt: row.createdAt,
});

/** Who may hold a case; the staff directory lives in auth, so cases asks rather than reads its tables. */
export type AssigneeDirectory = {
  isActiveUser(workspaceId: string, userId: string, db?: Db): Promise<boolean>;
};

/**
 * What happens around a case once a person's queue holds it: routing owns who holds an escalated
 * case (counters, transfers), so a direct assignee change is refused there, and a status change
 * made by staff (resolved, reopened) closes the queue item. Wired after routing exists.
 */
export type CaseLifecycle = {
  /** Throws when the assignee of this case may not be changed by a plain update. */
  assertAssigneeChangeable(workspaceId: string, caseId: string): Promise<void>;
  /** `actor` is who changed it: "ai" when the agent escalated (it tells routing itself, with the mood it read). */
  statusChanged(workspaceId: string, caseId: string, change: { from: CaseStatus; to: CaseStatus; actor: string }): Promise<void>;
};

export function createCasesService(deps: {
  db: Db;
  timeline: TimelineService;
  events: EventBus;
  clock: Clock;
  assignees: AssigneeDirectory;
  lifecycle?: () => CaseLifecycle | undefined;
  /**
   * Channels that deliver a staff reply through a provider (SMS, WhatsApp) queue it here, in the
   * reply's own transaction, so a stored reply is never left unsent. Throwing refuses the reply.
   */
  replyDelivery?: () => ((db: Db, workspaceId: string, message: Message) => Promise<void>) | undefined;
}) {
  const { timeline, events, clock } = deps;

  return {
    /** Finds the open case this contact continues, or opens one. Call inside the ingest transaction. */
    async attachContact(
      db: Db,
      contact: {
        workspaceId: string;
        customerId: string;
        channel: string;
        orderRef?: string | null;
        topic?: string | null;
        intent?: string | null;
        subject?: string | null;
        caseId?: string | null;
        recencyHours: number;
        at: Date;
      },
    ): Promise<{ case: Case; created: boolean }> {
      const repo = casesRepository(db);
      if (contact.caseId) {
        const explicit = await repo.findCase(contact.workspaceId, contact.caseId);
        if (explicit && explicit.customerId === contact.customerId && explicit.status !== "resolved") {
          return { case: toCase(explicit), created: false };
        }
      }
      const since = new Date(contact.at.getTime() - contact.recencyHours * 3_600_000);
      const open = await repo.openCasesSince(contact.workspaceId, contact.customerId, since);
      const chosen = pickOpenCase(open, contact);
      if (chosen) {
        const patch: CasePatch = {};
        if (!chosen.orderRef && contact.orderRef) patch.orderRef = contact.orderRef;
        if (!chosen.topic && contact.topic) patch.topic = contact.topic;
        if (!chosen.intent && contact.intent) patch.intent = contact.intent;
        const updated = Object.keys(patch).length
          ? await repo.updateCase(contact.workspaceId, chosen.id, patch)
          : chosen;
        return { case: toCase(updated ?? chosen), created: false };
      }
      const created = await repo.insertCase({
        id: newId("case", contact.at.getTime()),
        workspaceId: contact.workspaceId,
        customerId: contact.customerId,
        status: "open",
        subject: contact.subject ?? null,
        topic: contact.topic ?? null,
        intent: contact.intent ?? null,
        orderRef: contact.orderRef ?? null,
        originChannel: contact.channel,
        channels: [contact.channel],
        createdAt: contact.at,
        updatedAt: contact.at,
        lastActivityAt: contact.at,
      });
      await timeline.append(
        {
          workspaceId: contact.workspaceId,
          customerId: contact.customerId,
          caseId: created.id,
          kind: "case.created",
          channel: contact.channel,
          refId: created.id,
          summary: contact.orderRef ? `Case opened about order ${contact.orderRef}` : "Case opened",
          occurredAt: contact.at,
        },
        db,
      );
      return { case: toCase(created), created: true };
    },

    /**
     * Appends a message and its timeline entry. Returns `duplicate: true` (and the earlier
     * message) when the channel redelivers an external id it already delivered.
     */
    async appendMessage(
      db: Db,
      input: NewMessage,
    ): Promise<{ message: Message; duplicate: boolean; case?: Case }> {
      const repo = casesRepository(db);
      const row = {
        id: newId("message", input.at.getTime()),
        workspaceId: input.workspaceId,
        caseId: input.caseId,
        customerId: input.customerId,
        direction: input.direction,
        authorKind: input.authorKind,
        authorId: input.authorId ?? null,
        channel: input.channel,
        body: input.body,
        metadata: input.metadata ?? {},
        externalId: input.externalId ?? null,
        createdAt: input.at,
      };
      const kind =
        input.direction === "inbound"
          ? "message.received"
          : input.direction === "internal"
            ? "note.added"
            : "message.sent";
      const written = await repo.insertMessageWithActivity(
        row,
        {
          id: newId("event", input.at.getTime()),
          kind,
          summary: truncate(input.body, 140),
          data: { authorKind: input.authorKind, direction: input.direction },
        },
        input.direction === "internal" ? null : input.channel,
      );
      if (!written.inserted) {
        const earlier = input.externalId
          ? await repo.findMessageByExternalId(input.workspaceId, input.channel, input.externalId)
          : undefined;
        if (!earlier) throw new Error("message insert conflicted without an external id");
        return { message: toMessage(earlier), duplicate: true };
      }
      return {
        message: toMessage(row),
        duplicate: false,
        case: written.case ? toCase(written.case) : undefined,
      };
    },

    async get(workspaceId: string, id: string, db: Db = deps.db): Promise<Case> {
      const row = await casesRepository(db).findCase(workspaceId, id);
      if (!row) throw caseNotFound();
      return toCase(row);
    },

    async list(
      workspaceId: string,
      filter: {
        status?: CaseStatus[];
        customerId?: string;
        assigneeId?: string;
        cursor?: string;
        limit: number;
      },
    ): Promise<{ cases: Case[]; nextCursor: string | null }> {
      const rows = await casesRepository(deps.db).listCases(workspaceId, {
        ...filter,
        beforeId: filter.cursor,
        limit: filter.limit + 1,
      });
      const page = rows.slice(0, filter.limit);
      return {
        cases: page.map(toCase),
        nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    async messages(workspaceId: string, caseId: string, limit = 500): Promise<Message[]> {
      await this.get(workspaceId, caseId);
      return (await casesRepository(deps.db).listMessages(workspaceId, caseId, limit)).map(toMessage);
    },

    /** One page of a case's messages, oldest first, with the cursor of the next page. */
    async messagePage(
      workspaceId: string,
      caseId: string,
      options: { cursor?: string; limit: number },
    ): Promise<{ messages: Message[]; nextCursor: string | null }> {
      await this.get(workspaceId, caseId);
      const after = options.cursor ? decodeMessageCursor(options.cursor) : undefined;
      const rows = await casesRepository(deps.db).listMessages(workspaceId, caseId, options.limit + 1, after);
      const page = rows.slice(0, options.limit);
      const last = page.at(-1);
      return {
        messages: page.map(toMessage),
        nextCursor:
          rows.length > options.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
      };
    },

    async update(workspaceId: string, id: string, patch: CasePatch, actor: string): Promise<Case> {
      const now = clock.now();
      const lifecycle = deps.lifecycle?.();
      if (patch.assigneeId !== undefined && lifecycle) await lifecycle.assertAssigneeChangeable(workspaceId, id);
      const result = await deps.db.transaction(async (tx) => {
        const repo = casesRepository(tx);
        const before = await repo.findCase(workspaceId, id);
        if (!before) throw caseNotFound();
        // Checked inside the transaction and scoped to the workspace: an id from another tenant is as unknown as a made-up one.
        if (patch.assigneeId && !(await deps.assignees.isActiveUser(workspaceId, patch.assigneeId, tx))) {
          throw assigneeUnknown();
        }
        const resolvedAt =
          patch.status === undefined
            ? before.resolvedAt
            : patch.status === "resolved"
              ? (before.resolvedAt ?? now)
              : null;
        const after = await repo.updateCase(workspaceId, id, { ...patch, resolvedAt, updatedAt: now });
        if (!after) throw caseNotFound();
        const changes = Object.entries(patch)
          .filter(([key, value]) => before[key as keyof CaseRow] !== value)
          .map(([key, value]) => `${key} → ${value ?? "none"}`);
        if (changes.length) {
          await timeline.append(
            {
              workspaceId,
              customerId: after.customerId,
              caseId: id,
              kind: patch.status && patch.status !== before.status ? `case.${patch.status}` : "case.updated",
              refId: id,
              summary: changes.join(", "),
              data: { actor, patch },
              occurredAt: now,
            },
            tx,
          );
        }
        return { before, after };
      });
      events.emit({ name: "case.updated", workspaceId, occurredAt: now, payload: { caseId: id, patch } });
      if (lifecycle && result.before.status !== result.after.status) {
        await lifecycle.statusChanged(workspaceId, id, { from: result.before.status, to: result.after.status, actor });
      }
      return toCase(result.after);
    },

    /**
     * Who holds the case, and its status with it, written inside the caller's transaction with a
     * timeline entry: routing assigns, transfers and hands back through this so the case and the
     * queue never disagree.
     */
    async setHolder(
      db: Db,
      input: {
        workspaceId: string;
        caseId: string;
        assigneeId: string | null;
        status?: CaseStatus;
        actor: string;
        kind: string;
        summary: string;
        data?: Record<string, unknown>;
        at: Date;
      },
    ): Promise<Case> {
      const repo = casesRepository(db);
      const patch: Partial<CaseRow> = { assigneeId: input.assigneeId, updatedAt: input.at };
      if (input.status) {
        patch.status = input.status;
        if (input.status !== "resolved") patch.resolvedAt = null;
      }
      const after = await repo.updateCase(input.workspaceId, input.caseId, patch);
      if (!after) throw caseNotFound();
      await timeline.append(
        {
          workspaceId: input.workspaceId,
          customerId: after.customerId,
          caseId: input.caseId,
          kind: input.kind,
          refId: input.caseId,
          summary: input.summary,
          data: { actor: input.actor, assigneeId: input.assigneeId, ...input.data },
          occurredAt: input.at,
        },
        db,
      );
      return toCase(after);
    },

    /** Staff reply or internal note on a case. */
    async postStaffMessage(
      workspaceId: string,
      caseId: string,
      input: { body: string; direction: "outbound" | "internal"; channel?: string; authorId: string },
    ): Promise<Message> {
      const now = clock.now();
      const message = await deps.db.transaction(async (tx) => {
        const found = await casesRepository(tx).findCase(workspaceId, caseId);
        if (!found) throw caseNotFound();
        const channel = input.channel ?? found.channels.at(-1) ?? found.originChannel;
        if (input.direction === "outbound" && !found.channels.includes(channel)) {
          // A channel the case has not used needs an address on the customer's record to reach them.
          const needs = REACHED_BY[channel];
          const kinds = await casesRepository(tx).identityKinds(workspaceId, found.customerId);
          if (!needs || !kinds.includes(needs)) throw replyChannelUnreachable(channel);
        }
        const { message } = await this.appendMessage(tx, {
          workspaceId,
          caseId,
          customerId: found.customerId,
          direction: input.direction,
          authorKind: "agent",
          authorId: input.authorId,
          channel: input.direction === "internal" ? "internal" : channel,
          body: input.body,
          at: now,
        });
        if (message.direction === "outbound") await deps.replyDelivery?.()?.(tx, workspaceId, message);
        return message;
      });
      events.emit({
        name: input.direction === "internal" ? "note.added" : "message.sent",
        workspaceId,
        occurredAt: now,
        payload: { caseId, messageId: message.id },
      });
      return message;
    },
  };
}

/** The identity a reply on a channel is delivered to. */
const REACHED_BY: Record<string, string> = {
  email: "email",
  sms: "phone",
  whatsapp: "phone",
  voice: "phone",
  web_chat: "device",
  mobile: "device",
};

const MESSAGE_CURSOR_INVALID = "CASES_CURSOR_INVALID";

function decodeMessageCursor(raw: string): { createdAt: Date; id: string } {
  const [time = "", id = ""] = decodeCursor(raw, 2, MESSAGE_CURSOR_INVALID);
  return { createdAt: cursorDate(time, MESSAGE_CURSOR_INVALID), id };
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
