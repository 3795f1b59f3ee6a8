import { useState } from "react";
import type { InboxData, InboxRow } from "./inbox-data";
import { SlaClock } from "./sla-clock";
import { caseTitle, channelLabel } from "./labels";

type View = "mine" | "queues" | string;
const STATUSES = ["open", "pending", "escalated"] as const;
const PRIORITIES = ["urgent", "high", "normal", "low"] as const;

function visible(row: InboxRow, view: View, channel: string, status: string, priority: string): boolean {
  if (view === "mine" && !row.mine) return false;
  // Queue views list what waits; what the agent holds is under "Mine".
  if (view !== "mine" && row.mine) return false;
  if (view !== "mine" && view !== "queues" && row.item?.queueId !== view) return false;
  const rowChannel = row.item?.channel ?? row.case?.originChannel;
  if (channel && rowChannel !== channel && !row.case?.channels.includes(channel)) return false;
  if (status && row.case?.status !== status) return false;
  if (priority && row.case?.priority !== priority) return false;
  return true;
}

/** Queues and "mine", filtered by channel, status and priority; each row opens its case. */
export function Inbox(props: {
  data: InboxData | undefined;
  selected: string | undefined;
  now: number;
  onOpen(caseId: string): void;
}) {
  const [view, setView] = useState<View>("mine");
  const [channel, setChannel] = useState("");
  const [status, setStatus] = useState("");
  const [priority, setPriority] = useState("");
  const rows = props.data?.rows ?? [];
  const channels = [
    ...new Set(rows.flatMap((row) => [row.item?.channel ?? row.case?.originChannel ?? ""]).filter(Boolean)),
  ];
  const shown = rows.filter((row) => visible(row, view, channel, status, priority));
  const count = (which: View) => rows.filter((row) => visible(row, which, "", "", "")).length;

  return (
    <nav className="inbox" aria-label="Inbox">
      <div className="inbox__views" role="group" aria-label="Inbox views">
        {[
          { id: "mine", name: "Mine" },
          { id: "queues", name: "All queues" },
          ...(props.data?.queues ?? []).map((queue) => ({ id: queue.id, name: queue.name })),
        ].map((tab) => (
          <button
            key={tab.id}
            type="button"
            aria-pressed={view === tab.id}
            className={`tab${view === tab.id ? " tab--active" : ""}`}
            onClick={() => setView(tab.id)}
          >
            {tab.name} <span className="count">{count(tab.id)}</span>
          </button>
        ))}
      </div>
      <div className="inbox__filters">
        <label>
          Channel
          <select value={channel} onChange={(e) => setChannel(e.target.value)}>
            <option value="">All</option>
            {channels.map((name) => (
              <option key={name} value={name}>
                {channelLabel(name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All</option>
            {STATUSES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Priority
          <select value={priority} onChange={(e) => setPriority(e.target.value)}>
            <option value="">All</option>
            {PRIORITIES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
      </div>
      {!props.data && <p className="muted">Loading…</p>}
      {props.data && shown.length === 0 && <p className="muted inbox__empty">Nothing here right now.</p>}
      <ul className="inbox__list" aria-label="Cases">
        {shown.map((row) => (
          <li key={row.caseId}>
            <button
              type="button"
              className={`inbox__row${props.selected === row.caseId ? " inbox__row--selected" : ""}`}
              aria-current={props.selected === row.caseId ? "true" : undefined}
              data-case-id={row.caseId}
              onClick={() => props.onOpen(row.caseId)}
            >
              <span className="inbox__who">{row.customerName}</span>
              <span className="inbox__what">{caseTitle(row.case)}</span>
              <span className="inbox__meta">
                <span className="chip">
                  {channelLabel(row.item?.channel ?? row.case?.originChannel ?? "")}
                </span>
                <span className={`chip chip--${row.case?.priority ?? "normal"}`}>
                  {row.case?.priority ?? "normal"}
                </span>
                <span className="chip">{row.mine ? "mine" : (row.queueName ?? "queue")}</span>
                {row.item && (
                  <SlaClock dueAt={row.item.slaDueAt} answeredAt={row.item.answeredAt} now={props.now} />
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
