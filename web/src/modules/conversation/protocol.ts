/**
 * The customer side of the realtime protocol (docs/realtime.md): JSON text frames over one
 * WebSocket. Only the fields the widget reads or sends are typed here.
 */

export type PageContext = {
  url?: string;
  title?: string;
  productId?: string;
  sku?: string;
  cartId?: string;
};

/** A signed identity from the retailer's site: HMAC-SHA256 of the user id (or email) with the workspace's widget secret. */
export type SignedIdentity = { userId?: string; email?: string; hmac: string };

export type ClientFrame =
  | {
      type: "hello";
      conversationId?: string;
      resumeToken?: string;
      lastSeq?: number;
      identity?: SignedIdentity;
    }
  | { type: "message"; clientId: string; text: string; context: { page: PageContext } }
  | { type: "typing"; on: boolean }
  | { type: "read"; seq: number }
  | { type: "context"; page: PageContext }
  | { type: "ping" };

export type Author = "customer" | "agent" | "ai" | "system";

export type ConversationEvent =
  | {
      type: "message";
      seq: number;
      messageId: string;
      clientId?: string | null;
      author: Author;
      authorName?: string | null;
      text: string;
      at?: string;
    }
  | { type: "status"; seq: number; status: string }
  | { type: "assignee"; seq: number; assignee: { name?: string | null } | null }
  | { type: "typing"; seq?: number; author: Author; on: boolean }
  | { type: "read"; seq: number; author: Author; upTo: number };

export type ServerFrame =
  | { type: "welcome"; conversationId: string; resumeToken: string; seq: number; verified?: boolean }
  | { type: "ack"; clientId: string; seq: number; messageId: string }
  | { type: "event"; event: ConversationEvent }
  | { type: "error"; code: string; message: string; field?: string; clientId?: string; retryAfterMs?: number }
  | { type: "pong" };

/** Parses one server frame; anything that is not a known frame is dropped rather than trusted. */
export function parseServerFrame(raw: unknown): ServerFrame | null {
  if (typeof raw !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const frame = value as Record<string, unknown>;
  switch (frame.type) {
    case "welcome":
      return typeof frame.conversationId === "string" && typeof frame.resumeToken === "string"
        ? (frame as ServerFrame)
        : null;
    case "ack":
      return typeof frame.clientId === "string" && typeof frame.seq === "number"
        ? (frame as ServerFrame)
        : null;
    case "event":
      return normaliseEvent(frame);
    case "error":
      return typeof frame.code === "string" ? (frame as ServerFrame) : null;
    case "pong":
      return { type: "pong" };
    default:
      return null;
  }
}

type Wire = Record<string, unknown>;
const AUTHORS: readonly Author[] = ["customer", "agent", "ai", "system"];
const authorOf = (value: unknown): Author =>
  AUTHORS.includes(value as Author) ? (value as Author) : "agent";

/**
 * Events are flat on the wire: `{type:"event", seq, kind, at, …}` with the kind's own fields
 * (`message: {id, author, text, clientId?}`, `status`, `assignee`, `by`/`upTo`, `on`).
 */
function normaliseEvent(frame: Wire): ServerFrame | null {
  const seq = typeof frame.seq === "number" ? frame.seq : undefined;
  const at = typeof frame.at === "string" ? frame.at : undefined;
  switch (frame.kind) {
    case "message": {
      const message = (frame.message ?? {}) as Wire;
      if (seq === undefined || typeof message.text !== "string" || typeof message.id !== "string")
        return null;
      return {
        type: "event",
        event: {
          type: "message",
          seq,
          messageId: message.id,
          clientId: typeof message.clientId === "string" ? message.clientId : null,
          author: authorOf(message.author),
          text: message.text,
          at,
        },
      };
    }
    case "status":
      return seq !== undefined && typeof frame.status === "string"
        ? { type: "event", event: { type: "status", seq, status: frame.status } }
        : null;
    case "assignee": {
      if (seq === undefined) return null;
      const assignee = frame.assignee as { name?: unknown } | null | undefined;
      const name = typeof assignee?.name === "string" ? assignee.name : null;
      return { type: "event", event: { type: "assignee", seq, assignee: assignee ? { name } : null } };
    }
    case "typing":
      return { type: "event", event: { type: "typing", author: authorOf(frame.by), on: frame.on === true } };
    case "read":
      return seq !== undefined && typeof frame.upTo === "number"
        ? { type: "event", event: { type: "read", seq, author: authorOf(frame.by), upTo: frame.upTo } }
        : null;
    default:
      return null;
  }
}
