import type { FastifyBaseLogger } from "fastify";
import { isAppError } from "../core/errors";
import { counterKey, type RateLimitCounter } from "../http/plugins/rate-limit-counter";
import { clientFrame, describeIssue, type ClientFrame } from "./client-frames";
import { createTokenBucket } from "./lib/token-bucket";
import { CLOSE_CODES, REALTIME_ERRORS, type RealtimeErrorCode } from "./realtime.errors";
import type { OpenConversation, RealtimeService } from "./realtime.service";
import type { FanoutEvent, RealtimeChannelName, ShopperContext } from "./realtime.types";

export type RealtimeLimits = {
  /** Larger text frames get an error frame; the socket's hard limit (maxPayload) closes with 1009. */
  maxFrameBytes: number;
  framesPerSecond: number;
  frameBurst: number;
  /** Per connection; the burst lets a client deliver messages it queued while offline. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Per identity (signed identity, or the conversation when anonymous), across connections and nodes. */
  messagesPerIdentityPerMinute: number;
  /** New conversations one client address may start. */
  conversationsPerAddressPerMinute: number;
  helloTimeoutMs: number;
  /** Refused frames in a row before the connection is closed with 1008. */
  refusalsBeforeClose: number;
  /** Events replayed when a hello names no lastSeq (history on reload). */
  historyEvents: number;
  /** A client that does not read its socket is dropped past this many buffered bytes. */
  maxBufferedBytes: number;
};

export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = {
  maxFrameBytes: 16_384,
  framesPerSecond: 20,
  frameBurst: 60,
  messagesPerSecond: 1,
  messageBurst: 30,
  messagesPerIdentityPerMinute: 60,
  conversationsPerAddressPerMinute: 30,
  helloTimeoutMs: 10_000,
  refusalsBeforeClose: 50,
  historyEvents: 100,
  maxBufferedBytes: 4 * 1_048_576,
};

/** What a session needs of a WebSocket (the `ws` socket satisfies it). */
export type SessionSocket = {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};

const OPEN = 1;
const REPLAY_PAGE = 500;

class Refusal extends Error {
  constructor(
    readonly code: RealtimeErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * One shopper connection speaking the protocol in docs/realtime.md. Frames are handled in
 * arrival order; conversation events are delivered strictly by sequence number, each once:
 * anything out of order or missed (a pointer event, a transport resync) is read back from the
 * database after the last delivered sequence.
 */
export function createCustomerSession(options: {
  service: RealtimeService;
  socket: SessionSocket;
  workspaceId: string;
  channel: RealtimeChannelName;
  limits: RealtimeLimits;
  counter: RateLimitCounter;
  address: string;
  log: FastifyBaseLogger;
}) {
  const { service, socket, workspaceId, limits, log } = options;
  const frames = createTokenBucket(limits.frameBurst, limits.framesPerSecond);
  const messages = createTokenBucket(limits.messageBurst, limits.messagesPerSecond);
  let phase: "hello" | "opening" | "ready" | "closed" = "hello";
  let conversation: OpenConversation | undefined;
  let context: ShopperContext = {};
  let delivered = 0;
  let refusals = 0;
  let handling: Promise<void> = Promise.resolve();
  let delivering: Promise<void> = Promise.resolve();
  const cleanups: (() => void)[] = [];
  const helloTimer = setTimeout(() => {
    if (phase !== "hello") return;
    send({ type: "error", code: REALTIME_ERRORS.HELLO_TIMEOUT, message: "send hello first" });
    close(CLOSE_CODES.helloTimeout, "hello timeout");
  }, limits.helloTimeoutMs);

  function send(frame: Record<string, unknown>): void {
    if (phase === "closed" || socket.readyState !== OPEN) return;
    if (socket.bufferedAmount > limits.maxBufferedBytes) {
      close(CLOSE_CODES.policy, "client is not reading");
      return;
    }
    socket.send(JSON.stringify(frame));
  }

  function close(code: number, reason: string): void {
    if (phase === "closed") return;
    phase = "closed";
    socket.close(code, reason);
    dispose();
  }

  function dispose(): void {
    phase = "closed";
    clearTimeout(helloTimer);
    for (const cleanup of cleanups.splice(0)) cleanup();
  }

  function refuse(code: RealtimeErrorCode, message: string, extra: Record<string, unknown> = {}): void {
    send({ type: "error", code, message, ...extra });
    if (++refusals >= limits.refusalsBeforeClose) close(CLOSE_CODES.policy, "too many refused frames");
  }

  /** Sends every stored event after the last delivered one, page by page. */
  async function catchUp(): Promise<void> {
    if (!conversation) return;
    for (;;) {
      const events = await service.eventsAfter(conversation.id, delivered, REPLAY_PAGE);
      for (const event of events) {
        send(event);
        delivered = event.seq;
      }
      if (events.length < REPLAY_PAGE || phase === "closed") return;
    }
  }

  function deliver(event: FanoutEvent): void {
    if (typeof event.seq !== "number") {
      // Ephemeral (typing): no sequence, not replayed.
      if (phase === "ready") send(event);
      return;
    }
    const seq = event.seq;
    delivering = delivering.then(async () => {
      if (phase === "closed" || seq <= delivered) return;
      if (seq === delivered + 1 && !event.ref) {
        send(event);
        delivered = seq;
        return;
      }
      await catchUp();
    }).catch((error: unknown) => {
      log.error({ err: error, conversationId: conversation?.id }, "realtime delivery failed");
      close(1011, "delivery failed");
    });
  }

  async function onHello(frame: Extract<ClientFrame, { type: "hello" }>): Promise<void> {
    if (phase !== "hello") throw new Refusal(REALTIME_ERRORS.HELLO_REPEATED, "hello was already sent", { field: "type" });
    phase = "opening";
    clearTimeout(helloTimer);
    let identity = null;
    if (frame.identity) {
      identity = await service.verifySignedIdentity(workspaceId, frame.identity);
      if (!identity) {
        // Logged without the claimed id or email: the workspace and the fact are enough to investigate.
        log.warn({ workspaceId, code: REALTIME_ERRORS.IDENTITY_INVALID }, "signed identity refused");
        send({
          type: "error",
          code: REALTIME_ERRORS.IDENTITY_INVALID,
          message: "the identity signature does not verify with this workspace's widget secret",
          field: "identity.hmac",
        });
        close(CLOSE_CODES.identityRefused, "identity refused");
        return;
      }
    }
    const opened = await service.open({
      workspaceId,
      channel: options.channel,
      resumeToken: frame.resumeToken,
      identity,
      beforeCreate: async () => {
        const hit = await options.counter.hit(
          counterKey("realtime-conversations", options.address),
          60_000,
        );
        if (hit.current > limits.conversationsPerAddressPerMinute) {
          throw new Refusal(REALTIME_ERRORS.RATE_LIMITED, "too many new conversations from this address", {
            retryAfterMs: hit.ttl,
          });
        }
      },
    });
    conversation = opened.conversation;
    if (frame.device) await service.registerDevice(workspaceId, opened.resumeToken, frame.device);
    // Whatever the in-process bus may have missed (a crash, another node) is in the database.
    await service.sync(conversation);
    const seq = await service.lastSeq(conversation);
    const lastSeq = opened.resumed ? frame.lastSeq : undefined;
    if (lastSeq !== undefined && lastSeq > seq) {
      send({
        type: "error",
        code: REALTIME_ERRORS.LAST_SEQ_INVALID,
        message: `lastSeq ${lastSeq} is past this conversation's last event (${seq})`,
        field: "lastSeq",
      });
      close(CLOSE_CODES.badResume, "lastSeq ahead of the conversation");
      return;
    }
    delivered = lastSeq ?? Math.max(0, seq - limits.historyEvents);
    context = await service.currentContext(conversation);

    // 1. Subscribe first, holding deliveries, so nothing published from here on is missed.
    let release!: () => void;
    delivering = new Promise<void>((resolve) => (release = resolve));
    cleanups.push(service.subscribe(conversation.id, deliver));
    // While this socket is open, replies reach the device here rather than by push.
    cleanups.push(service.attach(conversation.id));
    cleanups.push(service.onResync(() => deliver({ seq: Number.MAX_SAFE_INTEGER, ref: true })));
    // 2. Welcome, then replay everything after lastSeq from the database.
    send({
      type: "welcome",
      conversationId: conversation.id,
      resumeToken: opened.resumeToken,
      resumed: opened.resumed,
      seq,
      channel: conversation.channel,
      identity: identity ? "signed" : "anonymous",
    });
    phase = "ready";
    delivering = delivering.then(catchUp);
    // 3. Live events queued behind the replay are delivered only if they are newer than it.
    release();
  }

  async function onMessage(frame: Extract<ClientFrame, { type: "message" }>): Promise<void> {
    const open = conversation;
    if (!open) return;
    if (!messages.take()) {
      throw new Refusal(REALTIME_ERRORS.RATE_LIMITED, "too many messages on this connection", {
        clientId: frame.clientId,
        retryAfterMs: messages.retryAfterMs(),
      });
    }
    const who = open.signedIdentity ? `${open.signedIdentity.kind}:${open.signedIdentity.value}` : open.id;
    const hit = await options.counter.hit(counterKey("realtime-messages", workspaceId, who), 60_000);
    if (hit.current > limits.messagesPerIdentityPerMinute) {
      throw new Refusal(REALTIME_ERRORS.RATE_LIMITED, "too many messages from this shopper", {
        clientId: frame.clientId,
        retryAfterMs: hit.ttl,
      });
    }
    const { ack, reply } = await service.store(open, {
      clientId: frame.clientId,
      text: frame.text,
      context: { ...context, ...frame.context },
    });
    refusals = 0;
    send({ type: "ack", ...ack });
    reply.catch((error: unknown) => {
      log.error({ err: error, conversationId: open.id, messageId: ack.messageId }, "realtime reply failed");
      send({
        type: "error",
        code: REALTIME_ERRORS.REPLY_FAILED,
        message: "your message is saved, but no reply could be produced; a person will follow up",
        clientId: frame.clientId,
      });
    });
  }

  async function handle(frame: ClientFrame): Promise<void> {
    if (phase === "closed") return;
    if (frame.type === "hello") return onHello(frame);
    if (phase !== "ready" || !conversation) {
      throw new Refusal(REALTIME_ERRORS.HELLO_REQUIRED, "send hello before anything else", { field: "type" });
    }
    switch (frame.type) {
      case "message":
        return onMessage(frame);
      case "typing":
        return service.customerTyping(conversation, frame.on);
      case "read":
        return service.markRead(conversation, frame.seq);
      case "context": {
        const { type: _type, ...next } = frame;
        context = next;
        return service.updateContext(conversation, next);
      }
      case "ping":
        return;
    }
  }

  return {
    onFrame(data: Buffer, isBinary: boolean): void {
      if (phase === "closed") return;
      if (!frames.take()) {
        refuse(REALTIME_ERRORS.RATE_LIMITED, "too many frames", { retryAfterMs: frames.retryAfterMs() });
        return;
      }
      if (isBinary) return refuse(REALTIME_ERRORS.BINARY_UNSUPPORTED, "frames are JSON text");
      if (data.length > limits.maxFrameBytes) {
        return refuse(REALTIME_ERRORS.FRAME_TOO_LARGE, `frames are limited to ${limits.maxFrameBytes} bytes`);
      }
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString("utf8"));
      } catch {
        return refuse(REALTIME_ERRORS.FRAME_INVALID, "the frame is not JSON");
      }
      const parsed = clientFrame.safeParse(raw);
      if (!parsed.success) {
        const issue = describeIssue(parsed.error);
        const clientId = (raw as { clientId?: unknown } | null)?.clientId;
        return refuse(REALTIME_ERRORS.FRAME_INVALID, issue.message, {
          field: issue.field,
          ...(typeof clientId === "string" && clientId.length <= 64 ? { clientId } : {}),
        });
      }
      if (parsed.data.type === "ping") {
        send({ type: "pong" });
        return;
      }
      const frame = parsed.data;
      handling = handling.then(() =>
        handle(frame).catch((error: unknown) => {
          if (error instanceof Refusal) refuse(error.code, error.message, error.extra);
          else if (isAppError(error) && error.kind !== "internal") {
            refuse(error.code as RealtimeErrorCode, error.message, error.field ? { field: error.field } : {});
          } else {
            log.error({ err: error, conversationId: conversation?.id }, "realtime frame failed");
            send({ type: "error", code: REALTIME_ERRORS.INTERNAL, message: "the server could not handle this frame" });
          }
          // A hello that failed leaves nothing to talk about.
          if (phase === "opening") close(CLOSE_CODES.policy, "hello refused");
        }),
      );
    },
    onClose: dispose,
  };
}
