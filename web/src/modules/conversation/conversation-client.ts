import type { ConversationState, ConversationStorage, StoredMessage } from "./conversation-storage";
import {
  parseServerFrame,
  type ClientFrame,
  type ConversationEvent,
  type PageContext,
  type ServerFrame,
  type SignedIdentity,
} from "./protocol";
import { createSequenceWatermark, type SequenceWatermark } from "./sequence-watermark";

export type ConnectionStatus = "connecting" | "online" | "offline" | "reconnecting";

export type ConversationView = {
  status: ConnectionStatus;
  messages: readonly StoredMessage[];
  /** Someone on the retailer's side is typing. */
  agentTyping: boolean;
  /** Highest sequence the retailer's side has read. */
  readUpTo: number;
  caseStatus?: string;
  assigneeName?: string | null;
  /** A refusal worth telling the shopper about (bad sign-in, message too long…). */
  notice?: string;
};

export type ConversationClientOptions = {
  /** ws:// or wss:// URL of the customer endpoint, workspace key included. */
  url: string;
  storage: ConversationStorage;
  identity?: SignedIdentity;
  page: () => PageContext;
  createSocket?: (url: string) => WebSocket;
  newClientId?: () => string;
  isOnline?: () => boolean;
  now?: () => Date;
};

export type ConversationClient = {
  start(): void;
  stop(): void;
  send(text: string): void;
  setTyping(on: boolean): void;
  /** The shopper has seen everything shown so far. */
  markRead(): void;
  /** In-app navigation: the page changed under the open widget. */
  pageChanged(): void;
  identify(identity: SignedIdentity | undefined): void;
  /** The browser went offline or came back. */
  networkChanged(online: boolean): void;
  view(): ConversationView;
  subscribe(listener: (view: ConversationView) => void): () => void;
};

/** Longest text the widget lets a shopper send; the server enforces its own limit as well. */
export const MAX_MESSAGE_LENGTH = 4000;
const TYPING_RESEND_MS = 3000;
const TYPING_SHOWN_MS = 6000;
const HEARTBEAT_MS = 25_000;
const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 15_000;

/**
 * The shopper's end of one conversation: connects, resumes after the last sequence seen, keeps
 * typed messages in an outbox until the server acknowledges them (so nothing typed offline is
 * lost and a resend after a drop is harmless: the client id makes it idempotent), and keeps the
 * history in storage for a reload.
 */
export function createConversationClient(options: ConversationClientOptions): ConversationClient {
  const storage = options.storage;
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const newClientId = options.newClientId ?? (() => crypto.randomUUID());
  const now = options.now ?? (() => new Date());
  let identity = options.identity;

  const state: ConversationState = storage.load();
  let watermark: SequenceWatermark = createSequenceWatermark(state.lastSeq);
  let view: ConversationView = {
    status: "connecting",
    messages: state.messages,
    agentTyping: false,
    readUpTo: 0,
  };
  const listeners = new Set<(view: ConversationView) => void>();

  let socket: WebSocket | undefined;
  let welcomed = false;
  let stopped = true;
  let attempts = 0;
  let online = options.isOnline?.() ?? true;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let typingShownTimer: ReturnType<typeof setTimeout> | undefined;
  let typingSentAt = 0;
  let typingOn = false;
  let readSent = 0;
  let pageSent = "";

  const emit = (patch: Partial<ConversationView>) => {
    view = { ...view, ...patch, messages: state.messages.map((message) => ({ ...message })) };
    for (const listener of listeners) listener(view);
  };
  const persist = () => {
    state.lastSeq = watermark.value;
    storage.save(state);
  };
  const transmit = (frame: ClientFrame): boolean => {
    if (!socket || socket.readyState !== 1) return false;
    socket.send(JSON.stringify(frame));
    return true;
  };

  const connect = () => {
    if (stopped || socket) return;
    if (!online) {
      emit({ status: "offline" });
      return;
    }
    emit({ status: attempts === 0 ? "connecting" : "reconnecting" });
    let ws: WebSocket;
    try {
      ws = createSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    welcomed = false;
    ws.onopen = () => {
      transmit({
        type: "hello",
        conversationId: state.conversationId,
        resumeToken: state.resumeToken,
        lastSeq: watermark.value,
        identity,
      });
    };
    ws.onmessage = (message: MessageEvent) => {
      const frame = parseServerFrame(message.data);
      if (frame) receive(frame);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      welcomed = false;
      clearInterval(heartbeat);
      if (!stopped) scheduleReconnect();
    };
    ws.onerror = () => {
      // onclose follows and decides what to do.
    };
  };

  const scheduleReconnect = () => {
    clearTimeout(reconnectTimer);
    // Back to "sending" messages are queued again: they will be resent after the next welcome.
    for (const message of state.messages) if (message.state === "sending") message.state = "queued";
    if (!online) {
      emit({ status: "offline" });
      return;
    }
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempts) * (0.5 + Math.random() / 2);
    attempts += 1;
    emit({ status: "reconnecting" });
    reconnectTimer = setTimeout(connect, delay);
  };

  const receive = (frame: ServerFrame) => {
    switch (frame.type) {
      case "welcome":
        return welcome(frame);
      case "ack":
        return acknowledge(frame.clientId, frame.seq, frame.messageId);
      case "event":
        return apply(frame.event);
      case "error":
        return refused(frame);
      case "pong":
        return;
    }
  };

  const welcome = (frame: Extract<ServerFrame, { type: "welcome" }>) => {
    if (state.conversationId && state.conversationId !== frame.conversationId) {
      // The server could not resume the old conversation (expired or foreign token): start clean,
      // keeping only what the shopper has not managed to send yet.
      state.messages = state.messages.filter((message) => message.state !== "sent");
      watermark = createSequenceWatermark(0);
    }
    state.conversationId = frame.conversationId;
    state.resumeToken = frame.resumeToken;
    watermark.settle(frame.seq);
    welcomed = true;
    attempts = 0;
    persist();
    emit({ status: "online" });
    clearInterval(heartbeat);
    heartbeat = setInterval(() => transmit({ type: "ping" }), HEARTBEAT_MS);
    pageSent = "";
    // A new connection has nothing in flight: whatever was unacknowledged goes again, in order.
    for (const message of state.messages) if (message.state === "sending") message.state = "queued";
    flushOutbox();
  };

  const flushOutbox = () => {
    if (!welcomed) return;
    for (const pending of state.outbox) {
      const shownState = state.messages.find((message) => message.clientId === pending.clientId)?.state;
      if (shownState === "sending") continue;
      const sent = transmit({
        type: "message",
        clientId: pending.clientId,
        text: pending.text,
        context: { page: pending.page },
      });
      if (!sent) return;
      const shown = state.messages.find((message) => message.clientId === pending.clientId);
      if (shown && shown.state === "queued") shown.state = "sending";
      pageSent = JSON.stringify(pending.page);
    }
    emit({});
  };

  const acknowledge = (clientId: string, seq: number, messageId: string) => {
    state.outbox = state.outbox.filter((pending) => pending.clientId !== clientId);
    const shown = state.messages.find((message) => message.clientId === clientId);
    if (shown) Object.assign(shown, { state: "sent", seq, id: messageId });
    watermark.see(seq);
    persist();
    emit({});
  };

  const apply = (event: ConversationEvent) => {
    switch (event.type) {
      case "message": {
        const ownEcho = event.clientId
          ? state.messages.find((message) => message.clientId === event.clientId)
          : undefined;
        if (ownEcho) {
          state.outbox = state.outbox.filter((pending) => pending.clientId !== event.clientId);
          Object.assign(ownEcho, { state: "sent", seq: event.seq, id: event.messageId });
        } else if (
          !state.messages.some((message) => message.seq === event.seq || message.id === event.messageId)
        ) {
          insertBySeq({
            id: event.messageId,
            seq: event.seq,
            author: event.author,
            authorName: event.authorName ?? null,
            text: event.text,
            at: event.at ?? now().toISOString(),
            state: "sent",
          });
          if (event.author !== "customer") {
            clearTimeout(typingShownTimer);
            view = { ...view, agentTyping: false };
          }
        }
        watermark.see(event.seq);
        persist();
        return emit({});
      }
      case "typing": {
        if (event.author === "customer") return;
        clearTimeout(typingShownTimer);
        if (event.on) typingShownTimer = setTimeout(() => emit({ agentTyping: false }), TYPING_SHOWN_MS);
        return emit({ agentTyping: event.on });
      }
      case "read": {
        watermark.see(event.seq);
        persist();
        if (event.author === "customer") return emit({});
        return emit({ readUpTo: Math.max(view.readUpTo, event.upTo) });
      }
      case "status":
        watermark.see(event.seq);
        persist();
        return emit({ caseStatus: event.status });
      case "assignee":
        watermark.see(event.seq);
        persist();
        return emit({ assigneeName: event.assignee?.name ?? null });
    }
  };

  const insertBySeq = (message: StoredMessage) => {
    const seq = message.seq ?? Number.POSITIVE_INFINITY;
    const index = state.messages.findIndex((other) => other.seq === undefined || other.seq > seq);
    if (index === -1) state.messages.push(message);
    else state.messages.splice(index, 0, message);
  };

  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const refused = (frame: Extract<ServerFrame, { type: "error" }>) => {
    const text = frame.message;
    const refusedMessage = frame.clientId
      ? state.messages.find((message) => message.clientId === frame.clientId)
      : undefined;
    if (refusedMessage && frame.code === "REALTIME_RATE_LIMITED") {
      // Kept in the outbox and sent again once the server's window allows it.
      refusedMessage.state = "queued";
      clearTimeout(retryTimer);
      retryTimer = setTimeout(flushOutbox, Math.min(Math.max(frame.retryAfterMs ?? 1000, 250), 60_000));
    } else if (refusedMessage && frame.code === "REALTIME_FRAME_INVALID") {
      // The server will never take this one: stop resending it, and say why.
      state.outbox = state.outbox.filter((pending) => pending.clientId !== frame.clientId);
      refusedMessage.state = "failed";
      persist();
    }
    switch (frame.code) {
      case "REALTIME_IDENTITY_INVALID":
        // A refused sign-in is never retried as if it were valid: carry on as a guest.
        identity = undefined;
        return emit({ notice: "We couldn't confirm your sign-in, so you're chatting as a guest." });
      case "REALTIME_LAST_SEQ_INVALID":
        // Our record is ahead of the server's (restored backup, other device): replay it all.
        watermark = createSequenceWatermark(0);
        return persist();
      case "REALTIME_CONVERSATION_UNKNOWN":
        state.conversationId = undefined;
        state.resumeToken = undefined;
        return persist();
      case "REALTIME_RATE_LIMITED":
        return emit({ notice: "You're sending messages quickly; we'll catch up in a moment." });
      case "REALTIME_REPLY_FAILED":
        return emit({ notice: text });
      default:
        // Frame-level refusals (too long, invalid) concern one message; tell the shopper plainly.
        return emit({ notice: text });
    }
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      connect();
    },
    stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      const ws = socket;
      socket = undefined;
      ws?.close(1000);
    },
    send(raw) {
      const text = raw.trim().slice(0, MAX_MESSAGE_LENGTH);
      if (!text) return;
      const clientId = newClientId();
      const at = now().toISOString();
      state.outbox.push({ clientId, text, page: options.page(), at });
      state.messages.push({ id: clientId, clientId, author: "customer", text, at, state: "queued" });
      typingOn = false;
      persist();
      emit({ notice: undefined });
      flushOutbox();
    },
    setTyping(on) {
      const at = Date.now();
      if (on === typingOn && (!on || at - typingSentAt < TYPING_RESEND_MS)) return;
      if (!welcomed) return;
      typingOn = on;
      typingSentAt = at;
      transmit({ type: "typing", on });
    },
    markRead() {
      const latest = state.messages.reduce(
        (max, message) =>
          message.author !== "customer" && (message.seq ?? 0) > max ? (message.seq ?? 0) : max,
        0,
      );
      if (latest > readSent && welcomed && transmit({ type: "read", seq: latest })) readSent = latest;
    },
    pageChanged() {
      const page = options.page();
      const key = JSON.stringify(page);
      if (key === pageSent || !welcomed) return;
      if (transmit({ type: "context", page })) pageSent = key;
    },
    identify(next) {
      if (JSON.stringify(next) === JSON.stringify(identity)) return;
      identity = next;
      // Identity travels only in hello: reconnect so the server checks the new signature.
      const ws = socket;
      socket = undefined;
      ws?.close(1000);
      if (!stopped) {
        attempts = 0;
        connect();
      }
    },
    networkChanged(isOnline) {
      online = isOnline;
      if (!isOnline) {
        // Browsers keep a dead socket open for a long time after the network goes: close it now
        // so new messages are queued visibly instead of written into the void.
        const ws = socket;
        socket = undefined;
        welcomed = false;
        ws?.close();
        scheduleReconnect();
        return;
      }
      clearTimeout(reconnectTimer);
      attempts = 0;
      connect();
    },
    view: () => view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
