import { useEffect, useState, type FormEvent } from "react";
import { describeError, type Api } from "./api-client";
import type { Queue, RoutingAgent } from "./types";

/** Moves the case to another queue or agent; the reason is recorded for analytics. */
export function TransferForm(props: {
  api: Api;
  caseId: string;
  me: string;
  onDone(message: string): void;
  onCancel(): void;
}) {
  const [queues, setQueues] = useState<Queue[]>([]);
  const [agents, setAgents] = useState<RoutingAgent[]>([]);
  const [target, setTarget] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    void Promise.all([
      props.api.get<{ queues: Queue[] }>("/queues"),
      props.api.get<{ agents: RoutingAgent[] }>("/agents"),
    ]).then(
      ([q, a]) => {
        setQueues(q.queues);
        setAgents(a.agents.filter((agent) => agent.userId !== props.me));
      },
      (failure: unknown) => setError(describeError(failure)),
    );
  }, [props.api, props.me]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const [kind, id] = target.split(":");
    if (!id) {
      setError("Choose a queue or an agent (target).");
      return;
    }
    try {
      await props.api.send("POST", `/cases/${props.caseId}/transfer`, {
        ...(kind === "queue" ? { toQueueId: id } : { toAgentId: id }),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      props.onDone("Case transferred.");
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  return (
    <form className="panel transfer" onSubmit={submit} aria-labelledby="transfer-title">
      <h2 id="transfer-title">Transfer</h2>
      <label htmlFor="transfer-target">To</label>
      <select id="transfer-target" value={target} onChange={(e) => setTarget(e.target.value)} required>
        <option value="">Choose…</option>
        <optgroup label="Queues">
          {queues.map((queue) => (
            <option key={queue.id} value={`queue:${queue.id}`}>
              {queue.name} ({queue.waiting} waiting)
            </option>
          ))}
        </optgroup>
        <optgroup label="Agents">
          {agents.map((agent) => (
            <option key={agent.userId} value={`agent:${agent.userId}`}>
              {agent.name ?? agent.userId} ({agent.presence})
            </option>
          ))}
        </optgroup>
      </select>
      <label htmlFor="transfer-reason">Reason</label>
      <input
        id="transfer-reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={500}
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button button--primary">
          Transfer
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
