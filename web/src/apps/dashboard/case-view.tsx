import { useCallback, useEffect, useRef, useState } from "react";
import { describeError, SessionExpired, type Api } from "./api-client";
import { loadCase, type CaseDetail } from "./case-data";
import { ConversationPanel } from "./conversation-panel";
import { CustomerPanel } from "./customer-panel";
import { HandoffSummaryPanel } from "./handoff-summary-panel";
import { caseTitle } from "./labels";
import { ReplyComposer } from "./reply-composer";
import { SlaClock } from "./sla-clock";
import { TransferForm } from "./transfer-form";

/**
 * One case: the handoff summary first, the customer beside it, the conversation and timeline,
 * the AI's suggested reply and the agent's actions. `version` changes when the staff stream says
 * the case changed, which reloads it.
 */
export function CaseView(props: {
  api: Api;
  caseId: string;
  me: { id: string; name: string };
  version: number;
  now: number;
  onChanged(): void;
}) {
  const { api, caseId } = props;
  const [detail, setDetail] = useState<CaseDetail | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [transferring, setTransferring] = useState(false);
  const [draft, setDraft] = useState<string | undefined>();
  const title = useRef<HTMLHeadingElement>(null);
  const focusedFor = useRef<string | undefined>(undefined);

  const reload = useCallback(() => {
    loadCase(api, caseId).then(
      (next) => {
        setDetail(next);
        setError(undefined);
      },
      (failure: unknown) => {
        if (!(failure instanceof SessionExpired)) setError(describeError(failure));
      },
    );
  }, [api, caseId]);

  useEffect(() => {
    setDetail(undefined);
    setStatus(undefined);
    setTransferring(false);
    setDraft(undefined);
  }, [caseId]);
  useEffect(reload, [reload, props.version]);
  // Keyboard and screen-reader users land on the case they opened; later live reloads of the
  // same case leave focus where the agent is typing.
  useEffect(() => {
    if (detail && focusedFor.current !== caseId) {
      focusedFor.current = caseId;
      title.current?.focus();
    }
  }, [detail, caseId]);

  async function act(label: string, method: "POST" | "PATCH", path: string, body?: unknown) {
    setStatus(undefined);
    try {
      await api.send(method, path, body);
      setStatus(label);
      reload();
      props.onChanged();
    } catch (failure) {
      setStatus(describeError(failure));
    }
  }

  if (error) {
    return (
      <main className="case" aria-label="Case">
        <p className="error" role="alert">
          {error}
        </p>
      </main>
    );
  }
  if (!detail) {
    return (
      <main className="case" aria-label="Case">
        <p className="muted">Loading case…</p>
      </main>
    );
  }
  const held = detail.case.assigneeId === props.me.id;
  const open = detail.case.status !== "resolved";
  return (
    <main className="case" aria-labelledby="case-title" data-case-id={detail.case.id}>
      <header className="case__head">
        <div>
          <h1 id="case-title" ref={title} tabIndex={-1}>
            {caseTitle(detail.case)}
          </h1>
          <p className="muted small">
            <span className={`chip chip--${detail.case.status}`} data-testid="case-status">
              {detail.case.status}
            </span>{" "}
            <span className={`chip chip--${detail.case.priority}`}>{detail.case.priority}</span>{" "}
            {held
              ? "You hold this case"
              : detail.case.assigneeId
                ? "Held by another agent"
                : "Waiting in a queue"}
            {detail.item && detail.item.status !== "closed" && (
              <>
                {" · "}
                <SlaClock dueAt={detail.item.slaDueAt} answeredAt={detail.item.answeredAt} now={props.now} />
              </>
            )}
          </p>
        </div>
        <div className="case__actions" role="group" aria-label="Case actions">
          {open && !held && (
            <button
              type="button"
              className="button button--primary"
              onClick={() => void act("You picked the case up.", "POST", `/cases/${caseId}/pickup`)}
            >
              Pick up
            </button>
          )}
          {open && (
            <button
              type="button"
              className="button"
              onClick={() => setTransferring((on) => !on)}
              aria-expanded={transferring}
            >
              Transfer
            </button>
          )}
          {open && (
            <button
              type="button"
              className="button"
              onClick={() => void act("Handed back to the AI.", "POST", `/cases/${caseId}/handback`)}
            >
              Hand back to AI
            </button>
          )}
          {open && (
            <button
              type="button"
              className="button"
              onClick={() => void act("Case resolved.", "PATCH", `/cases/${caseId}`, { status: "resolved" })}
            >
              Resolve
            </button>
          )}
        </div>
      </header>
      {status && (
        <p className="notice" role="status">
          {status}
        </p>
      )}
      {transferring && (
        <TransferForm
          api={api}
          caseId={caseId}
          me={props.me.id}
          onCancel={() => setTransferring(false)}
          onDone={(message) => {
            setTransferring(false);
            setStatus(message);
            reload();
            props.onChanged();
          }}
        />
      )}
      <div className="case__grid">
        <div className="case__main">
          <HandoffSummaryPanel summary={detail.summary} />
          {detail.suggestion && (
            <section className="panel suggestion" aria-labelledby="suggestion-title">
              <h2 id="suggestion-title">Suggested reply (AI draft, not sent)</h2>
              <p className="msg__body">{detail.suggestion.body}</p>
              <button type="button" className="button" onClick={() => setDraft(detail.suggestion?.body)}>
                Use this draft
              </button>
            </section>
          )}
          <ConversationPanel detail={detail} />
          {open && (
            <ReplyComposer
              api={api}
              detail={detail}
              agentName={props.me.name}
              draft={draft}
              onSent={reload}
            />
          )}
        </div>
        <CustomerPanel api={api} detail={detail} onChanged={reload} />
      </div>
    </main>
  );
}
