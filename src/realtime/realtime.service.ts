import { createHash, randomBytes } from "node:crypto";
import type { AgentService } from "../agent";
import type { AuthService } from "../auth";
import type { CasesService, Message } from "../cases";
import type { Ingest, IngestResult } from "../channels";
import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { newId } from "../core/ids";
import { encodeCursor } from "../core/keyset-cursor";
import type { CustomersService } from "../customers";
import type { Db } from "../db/client";
import type { WidgetKeysService, WorkspacesService } from "../workspaces";
import { createKeyedQueue } from "./lib/keyed-queue";
import { verifyIdentitySignature } from "./lib/signed-identity";
import { realtimeRepository, type ConversationRow, type EventRow, type NewEvent } from "./realtime.repository";
import {
  conversationTopic,
  staffTopic,
  type ConversationRef,
  type EventKind,
  type FanoutEvent,
  type RealtimeChannel,
  type RealtimeChannelName,
  type RealtimeFanout,
  type ShopperContext,
  type SignedIdentity,
  type WireEvent,
} from "./realtime.types";

/** Case messages are re-read this far behind the last sync: transactions commit out of order. */
const SYNC_MARGIN_MS = 60_000;
const SYNC_PAGE = 200;
/** Events larger than this go over the fan-out as a pointer; sessions read them from the database. */
const INLINE_EVENT_BYTES = 6_000;
/** A signed identity is re-proven on the device identity at most this often. */
const REPROVE_AFTER_MS = 3_600_000;

export type Ack = { clientId: string; seq: number; messageId: string; duplicate: boolean };

/** A conversation as a session holds it: the stored row plus the signed identity proven at hello. */
export type OpenConversation = ConversationRef & { lastSeq: number; customerReadSeq: number };

export type RealtimeService = ReturnType<typeof createRealtimeService>;

/** A reply a shopper's device may not have: its conversation has no open socket here. */
export type OfflineReply = { workspaceId: string; conversationId: string; seq: number; messageId: string };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const identityKeyOf = (workspaceId: string, identity: SignedIdentity) =>
  sha256(`${workspaceId}\u0000${identity.kind}\u0000${identity.value.toLowerCase()}`);

export function toWire(row: EventRow): WireEvent {
  return { ...row.payload, type: "event", seq: row.seq, kind: row.kind as EventKind, at: row.createdAt.toISOString() };
}

/**
 * The realtime protocol's use cases: conversations bound to resume tokens, inbound messages
 * stored through the one pipeline and acknowledged by sequence number, the AI's reply produced
 * after the acknowledgement, and every case change a shopper should see turned into a numbered
 * event read back from the database on resume.
 */
export function createRealtimeService(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  fanout: RealtimeFanout;
  ingest: Ingest;
  agent: AgentService;
  cases: CasesService;
  customers: CustomersService;
  auth: AuthService;
  workspaces: WorkspacesService;
  widgetKeys: WidgetKeysService;
  channels: readonly RealtimeChannel[];
  /**
   * A reply (AI or staff) was appended to a conversation with a push token and no socket open on
   * this node: the mobile channel queues a push. Awaited, so a failure surfaces in the sync.
   */
  offlineReply?: () => ((target: OfflineReply) => Promise<void>) | undefined;
}) {
  const repo = realtimeRepository(deps.db);
  const channels = new Map(deps.channels.map((channel) => [channel.name, channel]));
  const syncQueue = createKeyedQueue();
  const turnQueue = createKeyedQueue();
  const turnsInFlight = new Set<string>();
  /** Open shopper sockets per conversation on this node. */
  const openSockets = new Map<string, number>();
  const isOnline = (conversationId: string) => (openSockets.get(conversationId) ?? 0) > 0;

  async function tellOffline(row: ConversationRow, appended: EventRow[]): Promise<void> {
    const hook = deps.offlineReply?.();
    if (!hook || !row.pushToken || isOnline(row.id)) return;
    for (const event of appended) {
      const author = (event.payload.message as { author?: unknown } | undefined)?.author;
      if (event.kind !== "message" || !event.messageId || (author !== "ai" && author !== "agent")) continue;
      await hook({ workspaceId: row.workspaceId, conversationId: row.id, seq: event.seq, messageId: event.messageId });
    }
  }

  const refOf = (row: ConversationRow, identity: SignedIdentity | null): OpenConversation => ({
    id: row.id,
    workspaceId: row.workspaceId,
    channel: row.channel as RealtimeChannelName,
    deviceValue: row.deviceValue,
    signedIdentity: identity,
    lastSeq: row.lastSeq,
    customerReadSeq: row.customerReadSeq,
  });

  async function publish(row: EventRow): Promise<void> {
    const wire = toWire(row);
    const inline = Buffer.byteLength(JSON.stringify(wire)) <= INLINE_EVENT_BYTES;
    await deps.fanout.publish(
      conversationTopic(row.conversationId),
      inline ? wire : { type: "event", seq: row.seq, kind: row.kind, ref: true },
    );
    await publishToStaff(row.workspaceId, {
      type: "conversation.event",
      conversationId: row.conversationId,
      seq: row.seq,
      kind: row.kind,
      messageId: row.messageId,
    });
  }

  async function publishToStaff(workspaceId: string, event: FanoutEvent): Promise<void> {
    await deps.fanout.publish(staffTopic(workspaceId), event);
  }

  function belongs(row: ConversationRow, message: Message): boolean {
    if (message.direction === "inbound") {
      const realtime = message.metadata.realtime as { conversationId?: unknown } | undefined;
      return realtime?.conversationId === row.id;
    }
    // Replies on this channel: the AI's and staff's. Internal notes never reach the shopper.
    return message.direction === "outbound" && message.channel === row.channel;
  }

  function messageEvent(message: Message): NewEvent {
    const realtime = message.metadata.realtime as { clientId?: unknown } | undefined;
    return {
      kind: "message",
      messageId: message.id,
      at: message.createdAt,
      payload: {
        message: {
          id: message.id,
          direction: message.direction,
          author: message.authorKind,
          text: message.body,
          ...(typeof realtime?.clientId === "string" ? { clientId: realtime.clientId } : {}),
        },
      },
    };
  }

  async function assigneeOf(workspaceId: string, id: string | null) {
    if (!id) return null;
    const user = await deps.auth.getUser(workspaceId, id).catch(() => undefined);
    return { id, name: user?.name ?? null };
  }

  async function messagesSince(workspaceId: string, caseId: string, since: Date): Promise<Message[]> {
    const out: Message[] = [];
    let cursor: string | undefined = encodeCursor([since.toISOString(), "0"]);
    while (cursor) {
      const page = await deps.cases.messagePage(workspaceId, caseId, { cursor, limit: SYNC_PAGE });
      out.push(...page.messages);
      cursor = page.nextCursor ?? undefined;
    }
    return out;
  }

  /**
   * Turns what happened on the conversation's case since the last sync into numbered events:
   * its messages, replies and status and assignee changes. Idempotent; safe to run on any node
   * at any time, which is what lets a resume replay from the database, not from memory.
   */
  function sync(workspaceId: string, conversationId: string): Promise<EventRow[]> {
    return syncQueue.run(conversationId, async () => {
      const row = await repo.find(workspaceId, conversationId);
      if (!row?.caseId) return [];
      const since = new Date((row.syncedUntil?.getTime() ?? 0) - SYNC_MARGIN_MS);
      const [messages, current] = await Promise.all([
        messagesSince(workspaceId, row.caseId, since),
        deps.cases.get(workspaceId, row.caseId),
      ]);
      const candidates = messages.filter((message) => belongs(row, message)).map(messageEvent);
      const now = deps.clock.now();
      if (row.caseStatus !== current.status) {
        candidates.push({ kind: "status", messageId: null, at: now, payload: { status: current.status } });
      }
      if ((row.caseAssigneeId ?? null) !== current.assigneeId) {
        const assignee = await assigneeOf(workspaceId, current.assigneeId);
        candidates.push({ kind: "assignee", messageId: null, at: now, payload: { assignee } });
      }
      const latest = messages.at(-1)?.createdAt;
      const appended = await repo.appendEvents(
        workspaceId,
        conversationId,
        candidates,
        {
          syncedUntil: latest && (!row.syncedUntil || latest > row.syncedUntil) ? latest : row.syncedUntil,
          caseStatus: current.status,
          caseAssigneeId: current.assigneeId,
        },
        now,
      );
      for (const event of appended) await publish(event);
      await tellOffline(row, appended);
      return appended;
    });
  }

  /** The case a message landed on becomes the conversation's case (a resolved one is followed by a new one). */
  async function bindCase(
    conversation: OpenConversation,
    bound: { case: Pick<IngestResult["case"], "id" | "status" | "assigneeId">; customerId: string; from: Date },
  ): Promise<void> {
    const row = await repo.find(conversation.workspaceId, conversation.id);
    if (!row || row.caseId === bound.case.id) return;
    await repo.update(
      conversation.workspaceId,
      conversation.id,
      {
        caseId: bound.case.id,
        customerId: bound.customerId,
        caseStatus: bound.case.status,
        caseAssigneeId: bound.case.assigneeId,
        syncedUntil: new Date(bound.from.getTime() - 1),
      },
      deps.clock.now(),
    );
  }

  /**
   * A signed identity was proven at hello: the contact's device identity (and the signed email
   * or user id) are verified by `signed_token`, so this session's messages are the verified
   * customer's without asking again. Proof goes through the customers capability's own API.
   */
  async function proveSignedIdentity(conversation: OpenConversation, ingested: IngestResult): Promise<void> {
    const signed = conversation.signedIdentity;
    if (!signed) return;
    const now = deps.clock.now().getTime();
    const targets = ingested.presented.filter(
      (identity) =>
        (identity.kind === "device" && identity.value === conversation.deviceValue) ||
        (identity.kind === signed.kind && identity.value.toLowerCase() === signed.value.toLowerCase()),
    );
    for (const identity of targets) {
      const fresh =
        identity.verificationLevel === "verified" &&
        identity.verifiedMethod === "signed_token" &&
        identity.verifiedAt &&
        now - identity.verifiedAt.getTime() < REPROVE_AFTER_MS;
      if (fresh) continue;
      await deps.customers.verifyIdentity(conversation.workspaceId, ingested.customer.id, identity.id, "signed_token", "widget");
    }
  }

  function startTurn(conversation: OpenConversation, message: Message, inbound: ReturnType<RealtimeChannel["toInbound"]>) {
    if (turnsInFlight.has(message.id)) return Promise.resolve();
    turnsInFlight.add(message.id);
    return turnQueue.run(conversation.id, async () => {
      try {
        // The message is stored already: the turn reads it back (customer, case and proofs as they
        // are after earlier turns) and runs once — or returns the earlier turn when one finished it.
        const turn = await deps.agent.handleInbound(inbound, { stored: message });
        // A proof in the turn can move the shopper to the case they continue in (a guest linked to the
        // order's customer): the conversation follows, and the reply is read from that case.
        await bindCase(conversation, { case: turn.case, customerId: turn.customer.id, from: message.createdAt });
      } finally {
        turnsInFlight.delete(message.id);
      }
      await sync(conversation.workspaceId, conversation.id);
    });
  }

  deps.events.on("message.sent", (event) => void syncCase(event.workspaceId, event.payload.caseId));
  deps.events.on("case.updated", (event) => void syncCase(event.workspaceId, event.payload.caseId));

  /** Another part of the product changed a case (a staff reply, a status): its conversations catch up. */
  async function syncCase(workspaceId: string, caseId: unknown): Promise<void> {
    if (typeof caseId !== "string") return;
    const conversations = await repo.findByCase(workspaceId, caseId).catch(() => []);
    await Promise.all(conversations.map((row) => sync(workspaceId, row.id).catch(() => [])));
  }

  return {
    /** The workspace a page names: its slug or its widget's public key. */
    async resolveWorkspace(param: string): Promise<string | undefined> {
      const byKey = await deps.widgetKeys.workspaceOfPublicKey(param);
      if (byKey) return byKey;
      return (await deps.workspaces.findBySlug(param))?.id;
    },

    /** Checks a signed identity against the workspace's widget secret; null when it does not verify. */
    async verifySignedIdentity(
      workspaceId: string,
      claim: { userId?: string; email?: string; hmac: string },
    ): Promise<SignedIdentity | null> {
      const identity: SignedIdentity = claim.email
        ? { kind: "email", value: claim.email }
        : { kind: "external", value: claim.userId ?? "" };
      if (!identity.value) return null;
      const secret = await deps.widgetKeys.secret(workspaceId);
      return verifyIdentitySignature(identity.value, claim.hmac, secret) ? identity : null;
    },

    /**
     * Resumes the conversation a token names, or starts one. A token from another workspace, or
     * one whose conversation belongs to another (or no) signed identity, starts a new
     * conversation: possession of the token and the same proven identity are both required.
     */
    async open(input: {
      workspaceId: string;
      channel: RealtimeChannelName;
      resumeToken?: string;
      identity: SignedIdentity | null;
      /** Called before a new conversation is created; throws to refuse (rate limits). */
      beforeCreate?: () => Promise<void>;
    }): Promise<{ conversation: OpenConversation; resumeToken: string; resumed: boolean }> {
      const identityKey = input.identity ? identityKeyOf(input.workspaceId, input.identity) : null;
      if (input.resumeToken) {
        const row = await repo.findByTokenHash(input.workspaceId, sha256(input.resumeToken));
        if (row && row.identityKey === identityKey) {
          return { conversation: refOf(row, input.identity), resumeToken: input.resumeToken, resumed: true };
        }
      }
      await input.beforeCreate?.();
      const token = `rt_${randomBytes(32).toString("base64url")}`;
      const now = deps.clock.now();
      const row = await repo.insertConversation({
        id: newId("conversation", now.getTime()),
        workspaceId: input.workspaceId,
        channel: input.channel,
        resumeTokenHash: sha256(token),
        deviceValue: `rt_${sha256(`device\u0000${token}`).slice(0, 40)}`,
        identityKey,
        createdAt: now,
        updatedAt: now,
      });
      return { conversation: refOf(row, input.identity), resumeToken: token, resumed: false };
    },

    /**
     * Stores a shopper's message through the one pipeline and returns its acknowledgement once it
     * is stored; `reply` settles when the AI's answer has been produced and published. The same
     * clientId again gets the same acknowledgement and stores nothing.
     */
    async store(
      conversation: OpenConversation,
      input: { clientId: string; text: string; context: ShopperContext },
    ): Promise<{ ack: Ack; reply: Promise<void> }> {
      const channel = channels.get(conversation.channel);
      if (!channel) throw new Error(`no adapter for channel ${conversation.channel}`);
      const inbound = {
        ...channel.toInbound(conversation, input),
        // Scoped to the conversation: another conversation's clientId can never collide with it.
        externalId: `${conversation.id}:${input.clientId}`,
      };
      const ingested = await deps.ingest.ingest({
        workspaceId: inbound.workspaceId,
        channel: inbound.channel,
        identities: inbound.identities,
        displayName: inbound.displayName,
        text: inbound.text,
        externalId: inbound.externalId,
        metadata: {
          ...(Object.keys(input.context).length ? { context: input.context } : {}),
          realtime: { conversationId: conversation.id, clientId: input.clientId },
        },
      });
      await bindCase(conversation, { case: ingested.case, customerId: ingested.customer.id, from: ingested.message.createdAt });
      await proveSignedIdentity(conversation, ingested);
      await sync(conversation.workspaceId, conversation.id);
      const seq = await repo.seqOfMessage(conversation.id, ingested.message.id);
      if (seq === undefined) throw new Error("stored message has no conversation event");
      const reply = startTurn(conversation, ingested.message, inbound);
      return {
        ack: { clientId: input.clientId, seq, messageId: ingested.message.id, duplicate: ingested.duplicate },
        reply,
      };
    },

    sync: (conversation: Pick<OpenConversation, "id" | "workspaceId">) =>
      sync(conversation.workspaceId, conversation.id),

    async eventsAfter(conversationId: string, afterSeq: number, limit = 500): Promise<WireEvent[]> {
      return (await repo.eventsAfter(conversationId, afterSeq, limit)).map(toWire);
    },

    async lastSeq(conversation: Pick<OpenConversation, "id" | "workspaceId">): Promise<number> {
      return (await repo.find(conversation.workspaceId, conversation.id))?.lastSeq ?? 0;
    },

    /** The shopper's in-app navigation: kept as the conversation's current context, shown to staff. */
    async updateContext(conversation: OpenConversation, context: ShopperContext): Promise<void> {
      await repo.update(conversation.workspaceId, conversation.id, { context }, deps.clock.now());
      await publishToStaff(conversation.workspaceId, {
        type: "conversation.context",
        conversationId: conversation.id,
        context,
      });
    },

    async currentContext(conversation: OpenConversation): Promise<ShopperContext> {
      return ((await repo.find(conversation.workspaceId, conversation.id))?.context ?? {}) as ShopperContext;
    },

    /** The shopper has read up to `seq`: staff are told; the shopper's own stream is not (no echo loop). */
    async markRead(conversation: OpenConversation, seq: number): Promise<void> {
      if (!(await repo.markCustomerRead(conversation.workspaceId, conversation.id, seq))) return;
      await publishToStaff(conversation.workspaceId, { type: "conversation.read", conversationId: conversation.id, seq });
    },

    async customerTyping(conversation: OpenConversation, on: boolean): Promise<void> {
      await publishToStaff(conversation.workspaceId, { type: "conversation.typing", conversationId: conversation.id, on });
    },

    /** Staff typing in a conversation: an ephemeral event without a sequence number. */
    async staffTyping(workspaceId: string, conversationId: string, on: boolean): Promise<boolean> {
      if (!(await repo.find(workspaceId, conversationId))) return false;
      await deps.fanout.publish(conversationTopic(conversationId), { type: "event", kind: "typing", by: "agent", on });
      return true;
    },

    /** Staff read the shopper's messages up to `seq`: a numbered event the shopper's client can show. */
    async staffRead(workspaceId: string, conversationId: string, seq: number): Promise<boolean> {
      const row = await repo.find(workspaceId, conversationId);
      if (!row || seq < 1 || seq > row.lastSeq) return false;
      const appended = await repo.appendEvents(
        workspaceId,
        conversationId,
        [{ kind: "read", messageId: null, at: deps.clock.now(), payload: { by: "agent", upTo: seq } }],
        {},
        deps.clock.now(),
      );
      for (const event of appended) await publish(event);
      return true;
    },

    /** The mobile app's device and push token, registered by possession of the resume token. */
    async registerDevice(
      workspaceId: string,
      resumeToken: string,
      device: { id: string; platform?: string; pushToken?: string | null },
    ): Promise<{ conversationId: string } | undefined> {
      const row = await repo.findByTokenHash(workspaceId, sha256(resumeToken));
      if (!row) return undefined;
      await repo.update(
        workspaceId,
        row.id,
        {
          deviceId: device.id,
          ...(device.platform ? { devicePlatform: device.platform } : {}),
          ...(device.pushToken !== undefined ? { pushToken: device.pushToken } : {}),
        },
        deps.clock.now(),
      );
      return { conversationId: row.id };
    },

    /** A shopper socket is open on this conversation until the returned function is called. */
    attach(conversationId: string): () => void {
      openSockets.set(conversationId, (openSockets.get(conversationId) ?? 0) + 1);
      let attached = true;
      return () => {
        if (!attached) return;
        attached = false;
        const left = (openSockets.get(conversationId) ?? 1) - 1;
        if (left > 0) openSockets.set(conversationId, left);
        else openSockets.delete(conversationId);
      };
    },

    isOnline,

    /** Where a push for this conversation goes now (read at delivery: the app may have changed it). */
    async pushTarget(workspaceId: string, conversationId: string): Promise<{ token: string; platform: string | null } | undefined> {
      const row = await repo.find(workspaceId, conversationId);
      return row?.pushToken ? { token: row.pushToken, platform: row.devicePlatform } : undefined;
    },

    /** The push service said the token is dead: forget it, unless the app has registered a new one. */
    async forgetPushToken(workspaceId: string, conversationId: string, token: string): Promise<void> {
      const row = await repo.find(workspaceId, conversationId);
      if (row?.pushToken === token) await repo.update(workspaceId, conversationId, { pushToken: null }, deps.clock.now());
    },

    subscribe(conversationId: string, listener: (event: FanoutEvent) => void): () => void {
      return deps.fanout.subscribe(conversationTopic(conversationId), listener);
    },

    subscribeStaff(workspaceId: string, listener: (event: FanoutEvent) => void): () => void {
      return deps.fanout.subscribe(staffTopic(workspaceId), listener);
    },

    onResync: (listener: () => void) => deps.fanout.onResync(listener),

    /** For other capabilities: screen pops, inbox updates, anything staff connections should see now. */
    publishToStaff,
  };
}
