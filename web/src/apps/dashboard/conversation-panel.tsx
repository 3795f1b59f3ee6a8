import type { CaseDetail } from "./case-data";
import { channelLabel } from "./labels";

const AUTHORS: Record<string, string> = { customer: "Customer", ai: "AI", agent: "Agent", system: "System" };

/** The case's messages on every channel, oldest first, and the customer's cross-channel timeline. */
export function ConversationPanel({ detail }: { detail: CaseDetail }) {
  const others = detail.timeline.filter((event) => !event.kind.startsWith("message."));
  return (
    <>
      <section className="panel" aria-labelledby="messages-title">
        <h2 id="messages-title">Conversation</h2>
        <ol className="messages" aria-label="Messages">
          {detail.messages.map((message) => (
            <li
              key={message.id}
              className={`msg msg--${message.direction} msg--${message.authorKind}`}
              data-message-id={message.id}
            >
              <div className="msg__head">
                <strong>
                  {message.direction === "internal" ? "Internal note" : AUTHORS[message.authorKind]}
                </strong>
                <span className="chip">{channelLabel(message.channel)}</span>
                <time className="muted small" dateTime={message.createdAt}>
                  {new Date(message.createdAt).toLocaleTimeString()}
                </time>
              </div>
              <p className="msg__body">{message.body}</p>
            </li>
          ))}
        </ol>
      </section>
      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline (all channels)</h2>
        {others.length === 0 ? (
          <p className="muted">No other events.</p>
        ) : (
          <ol className="plain timeline">
            {others.slice(-30).map((event) => (
              <li key={event.id}>
                <time className="muted small" dateTime={event.occurredAt}>
                  {new Date(event.occurredAt).toLocaleString()}
                </time>{" "}
                {event.channel && <span className="chip">{channelLabel(event.channel)}</span>} {event.summary}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
