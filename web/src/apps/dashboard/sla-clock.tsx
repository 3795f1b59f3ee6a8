import { useEffect, useState } from "react";
import { slaRemaining } from "./lib/sla-remaining";

/** One ticking clock for the page: every SLA label re-renders once a second from it. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function SlaClock({
  dueAt,
  answeredAt,
  now,
}: {
  dueAt: string;
  answeredAt?: string | null;
  now: number;
}) {
  if (answeredAt) return <span className="sla sla--met">answered</span>;
  const left = slaRemaining(dueAt, now);
  const tone = left.breached ? "sla--breached" : left.soon ? "sla--soon" : "";
  return (
    <span className={`sla ${tone}`} title={`First reply due ${new Date(dueAt).toLocaleString()}`}>
      <span className="visually-hidden">First reply: </span>
      {left.text}
    </span>
  );
}
