import { useEffect, useRef } from "preact/hooks";
import type { StoredMessage } from "../../../modules/conversation/conversation-storage";
import { MessageText } from "./message-text";

const AUTHOR_LABEL = { customer: "You", ai: "Assistant", agent: "Support", system: "" } as const;

function authorLabel(message: StoredMessage): string {
  if (message.author === "agent" && message.authorName) return message.authorName;
  return AUTHOR_LABEL[message.author];
}

function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ""
    : date.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
}

function deliveryNote(message: StoredMessage, readUpTo: number, lastOwn: boolean): string | null {
  if (message.author !== "customer") return null;
  if (message.state === "queued") return "Not sent yet: will send when you're back online";
  if (message.state === "sending") return "Sending…";
  if (message.state === "failed") return "Not sent";
  if (lastOwn && message.seq !== undefined && readUpTo >= message.seq) return "Read";
  return null;
}

/**
 * The conversation as a log: new entries are announced politely by screen readers, and the
 * view follows new messages unless the shopper has scrolled up to read.
 */
export function MessageList(props: {
  messages: readonly StoredMessage[];
  readUpTo: number;
  agentTyping: boolean;
}) {
  const { messages, readUpTo, agentTyping } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    const element = scroller.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [messages.length, agentTyping]);

  const lastOwnId = [...messages].reverse().find((message) => message.author === "customer")?.id;

  return (
    <div
      class="messages"
      ref={scroller}
      onScroll={(event) => {
        const element = event.currentTarget;
        pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      }}
    >
      {messages.length === 0 && (
        <p class="empty">Hi! Ask us about an order, a product, returns or store hours.</p>
      )}
      <div role="log" aria-live="polite" aria-relevant="additions" aria-label="Conversation">
        <ol class="log">
          {messages.map((message) => {
            const note = deliveryNote(message, readUpTo, message.id === lastOwnId);
            return (
              <li
                key={message.clientId ?? message.id}
                class={`message message--${message.author}`}
                data-state={message.state}
              >
                {message.author !== "system" && <span class="message__author">{authorLabel(message)}</span>}
                <div class="message__bubble">
                  <MessageText text={message.text} />
                </div>
                <span class="message__meta">
                  <time dateTime={message.at}>{timeOf(message.at)}</time>
                  {note && <span class="message__note"> · {note}</span>}
                </span>
              </li>
            );
          })}
        </ol>
      </div>
      {agentTyping && (
        <p class="typing" role="status">
          <span class="typing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          Typing…
        </p>
      )}
    </div>
  );
}
