import type { Author, PageContext } from "./protocol";

export type StoredMessage = {
  /** Server id once stored; the client id until then. */
  id: string;
  clientId?: string;
  seq?: number;
  author: Author;
  authorName?: string | null;
  text: string;
  at: string;
  /** queued: waiting for a connection; sending: on the wire, not yet acknowledged; failed: refused for good. */
  state: "queued" | "sending" | "sent" | "failed";
};

export type PendingMessage = { clientId: string; text: string; page: PageContext; at: string };

export type ConversationState = {
  conversationId?: string;
  resumeToken?: string;
  lastSeq: number;
  messages: StoredMessage[];
  /** Messages the server has not acknowledged, in the order they were typed. */
  outbox: PendingMessage[];
};

/** Enough history to read back on reload; older messages stay on the server. */
const MAX_MESSAGES = 200;

export type ConversationStorage = {
  load(): ConversationState;
  save(state: ConversationState): void;
  clear(): void;
};

const empty = (): ConversationState => ({ lastSeq: 0, messages: [], outbox: [] });

/**
 * Keeps the conversation in localStorage, one key per workspace, so a reload shows the history
 * at once and the socket resumes after the last sequence seen. A corrupt or foreign value is
 * discarded, never half-trusted; storage that throws (private mode, quota) degrades to memory.
 */
export function createConversationStorage(
  workspace: string,
  store: Storage | null = safeLocalStorage(),
): ConversationStorage {
  const key = `throughline:conversation:${workspace}`;
  let memory = empty();
  return {
    load() {
      if (!store) return memory;
      try {
        const raw = store.getItem(key);
        return raw ? sanitise(JSON.parse(raw)) : empty();
      } catch {
        return empty();
      }
    },
    save(state) {
      const trimmed = { ...state, messages: state.messages.slice(-MAX_MESSAGES) };
      memory = trimmed;
      try {
        store?.setItem(key, JSON.stringify(trimmed));
      } catch {
        // Quota or disabled storage: the conversation still works, it just won't survive a reload.
      }
    },
    clear() {
      memory = empty();
      try {
        store?.removeItem(key);
      } catch {
        // nothing to clear
      }
    },
  };
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

const isString = (value: unknown): value is string => typeof value === "string";
const AUTHORS: readonly Author[] = ["customer", "agent", "ai", "system"];

function sanitise(value: unknown): ConversationState {
  if (!value || typeof value !== "object") return empty();
  const raw = value as Record<string, unknown>;
  const messages = Array.isArray(raw.messages)
    ? raw.messages.filter(
        (m): m is StoredMessage =>
          !!m &&
          typeof m === "object" &&
          isString((m as StoredMessage).id) &&
          isString((m as StoredMessage).text) &&
          AUTHORS.includes((m as StoredMessage).author),
      )
    : [];
  const outbox = Array.isArray(raw.outbox)
    ? raw.outbox.filter(
        (p): p is PendingMessage =>
          !!p &&
          typeof p === "object" &&
          isString((p as PendingMessage).clientId) &&
          isString((p as PendingMessage).text),
      )
    : [];
  return {
    conversationId: isString(raw.conversationId) ? raw.conversationId : undefined,
    resumeToken: isString(raw.resumeToken) ? raw.resumeToken : undefined,
    lastSeq: typeof raw.lastSeq === "number" && raw.lastSeq >= 0 ? raw.lastSeq : 0,
    messages,
    outbox,
  };
}
