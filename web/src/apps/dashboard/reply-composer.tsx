import { useEffect, useState, type FormEvent } from "react";
import { describeError, type Api } from "./api-client";
import type { CaseDetail } from "./case-data";
import { loadCannedResponses } from "./canned-responses";
import { channelLabel, REPLY_CHANNELS } from "./labels";
import { fillTemplate } from "./lib/fill-template";

/** Channels this customer can be answered on: the case's own, and any the record has an address for. */
function replyChannels(detail: CaseDetail): string[] {
  const kinds = new Set(detail.customer.identities.map((identity) => identity.kind));
  const reachable = REPLY_CHANNELS.filter(
    (channel) =>
      detail.case.channels.includes(channel) ||
      (channel === "email" && kinds.has("email")) ||
      (channel === "sms" && kinds.has("phone")),
  );
  const own = detail.case.channels.filter(
    (channel) => channel !== "voice" && !reachable.includes(channel as never),
  );
  return [...reachable, ...own];
}

const firstName = (name: string | null | undefined) => name?.trim().split(/\s+/)[0] ?? "";

/** Reply on a channel, or write an internal note; canned responses and the AI's draft fill the box. */
export function ReplyComposer(props: {
  api: Api;
  detail: CaseDetail;
  agentName: string;
  draft?: string;
  onSent(): void;
}) {
  const { detail } = props;
  const channels = replyChannels(detail);
  const lastInbound = [...detail.messages].reverse().find((message) => message.direction === "inbound");
  const [channel, setChannel] = useState(() => lastInbound?.channel ?? channels[0] ?? "web_chat");
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const canned = loadCannedResponses();

  useEffect(() => {
    if (props.draft) setBody(props.draft);
  }, [props.draft]);

  async function send(direction: "outbound" | "internal") {
    if (!body.trim()) {
      setError("Write a message first (body).");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await props.api.send("POST", `/cases/${detail.case.id}/messages`, {
        body: body.trim(),
        direction,
        ...(direction === "outbound" ? { channel } : {}),
      });
      setBody("");
      props.onSent();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  function insert(id: string) {
    const response = canned.find((item) => item.id === id);
    if (!response) return;
    const text = fillTemplate(response.body, {
      "customer.firstName": firstName(detail.customer.displayName),
      "customer.name": detail.customer.displayName,
      order: detail.case.orderRef,
      "agent.firstName": firstName(props.agentName),
      "agent.name": props.agentName,
    });
    setBody((current) => (current.trim() ? `${current.trimEnd()}\n${text}` : text));
  }

  return (
    <form
      className="panel composer"
      aria-labelledby="composer-title"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void send("outbound");
      }}
    >
      <h2 id="composer-title">Reply</h2>
      <div className="row">
        <label>
          Channel
          <select name="channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            {channels.map((name) => (
              <option key={name} value={name}>
                {channelLabel(name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Canned response
          <select value="" onChange={(e) => insert(e.target.value)}>
            <option value="">Insert…</option>
            {canned.map((response) => (
              <option key={response.id} value={response.id}>
                {response.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label htmlFor="reply-body" className="visually-hidden">
        Message
      </label>
      <textarea
        id="reply-body"
        rows={4}
        maxLength={20_000}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send("outbound");
          }
        }}
        placeholder="Write to the customer (Ctrl+Enter sends)"
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button button--primary" disabled={busy}>
          Send {channelLabel(channel).toLowerCase()} reply
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void send("internal")}>
          Add internal note
        </button>
      </div>
    </form>
  );
}
