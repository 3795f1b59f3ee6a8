import { useCallback, useEffect, useRef, useState } from "react";
import { describeError, SessionExpired, type Api, type Session } from "./api-client";
import { CaseView } from "./case-view";
import { Inbox } from "./inbox";
import { loadInbox, type InboxData } from "./inbox-data";
import { useNow } from "./sla-clock";
import { connectStaffSocket, type ConnectionState, type StaffEvent } from "./staff-socket";
import { callReasonLabel } from "./labels";
import { StoreLookup } from "./store-lookup";
import type { RoutingAgent } from "./types";

type ScreenPop = { callSid: string; name: string; caseId?: string; reason: string };

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
};

function screenPopOf(event: StaffEvent): ScreenPop | undefined {
  if (event.type !== "call.transferred") return undefined;
  const pop = event as {
    callSid?: string;
    reason?: string;
    customer?: { displayName?: string | null };
    case?: { id?: string };
  };
  return {
    callSid: String(pop.callSid ?? ""),
    name: pop.customer?.displayName ?? "Unknown caller",
    caseId: pop.case?.id,
    reason: String(pop.reason ?? ""),
  };
}

/** The signed-in workspace: header, inbox, the open case, live over the staff socket. */
export function Workspace({
  session,
  api,
  onSignOut,
}: {
  session: Session;
  api: Api;
  onSignOut(reason?: string): void;
}) {
  const me = session.user;
  const now = useNow();
  const [inbox, setInbox] = useState<InboxData | undefined>();
  const [inboxError, setInboxError] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>(
    () => location.hash.match(/^#case=([\w-]+)$/)?.[1],
  );
  const [caseVersion, setCaseVersion] = useState(0);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [presence, setPresence] = useState<RoutingAgent["presence"] | undefined>();
  const [pops, setPops] = useState<ScreenPop[]>([]);
  const [lookupOpen, setLookupOpen] = useState(false);
  const names = useRef(new Map<string, string>());
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  const reloadInbox = useCallback(() => {
    loadInbox(api, me.id, names.current).then(
      (data) => {
        setInbox(data);
        setInboxError(undefined);
      },
      (failure: unknown) => {
        if (!(failure instanceof SessionExpired)) setInboxError(describeError(failure));
      },
    );
  }, [api, me.id]);

  // Bursts of changes (a message, its summary, its suggestion) become one reload.
  const scheduleInbox = useCallback(() => {
    clearTimeout(pending.current);
    pending.current = setTimeout(reloadInbox, 200);
  }, [reloadInbox]);

  useEffect(() => {
    reloadInbox();
    api.get<RoutingAgent>("/agents/me").then(
      (agent) => setPresence(agent.presence),
      () => setPresence(undefined),
    );
  }, [api, reloadInbox]);

  useEffect(
    () =>
      connectStaffSocket({
        token: session.token,
        onState: setConnection,
        onResync: () => {
          reloadInbox();
          setCaseVersion((v) => v + 1);
        },
        onRefused: () => {
          // A refused upgrade says nothing about why: ask the API, which signs out on 401.
          api.get("/auth/me").catch(() => undefined);
        },
        onEvent: (event) => {
          if (event.type === "case.changed") {
            scheduleInbox();
            if (event.caseId === selectedRef.current) setCaseVersion((v) => v + 1);
          }
          const pop = screenPopOf(event);
          if (pop) setPops((current) => [pop, ...current].slice(0, 3));
        },
      }),
    [api, session.token, reloadInbox, scheduleInbox],
  );

  const open = useCallback((caseId: string) => {
    setSelected(caseId);
    history.replaceState(null, "", `#case=${caseId}`);
  }, []);

  async function changePresence(next: RoutingAgent["presence"]) {
    try {
      const agent = await api.send<RoutingAgent>("PUT", "/agents/me/presence", { presence: next });
      setPresence(agent.presence);
      scheduleInbox();
    } catch (failure) {
      setInboxError(describeError(failure));
    }
  }

  return (
    <div className="workspace">
      <a className="skip" href="#main-case">
        Skip to the case
      </a>
      <header className="topbar">
        <strong className="topbar__brand">Throughline</strong>
        <span className={`connection connection--${connection}`} role="status" aria-live="polite">
          {CONNECTION_TEXT[connection]}
        </span>
        <label className="topbar__presence">
          Presence
          <select
            value={presence ?? ""}
            onChange={(e) => void changePresence(e.target.value as RoutingAgent["presence"])}
            disabled={!presence}
          >
            {!presence && <option value="">—</option>}
            <option value="online">Online</option>
            <option value="away">Away</option>
            <option value="offline">Offline</option>
          </select>
        </label>
        <button
          type="button"
          className="button"
          onClick={() => setLookupOpen((on) => !on)}
          aria-expanded={lookupOpen}
        >
          Customer look-up
        </button>
        <span className="topbar__me">{me.name}</span>
        <button
          type="button"
          className="button"
          onClick={() => {
            void api.send("POST", "/auth/logout").catch(() => undefined);
            onSignOut("You signed out.");
          }}
        >
          Sign out
        </button>
      </header>
      {pops.map((pop) => (
        <div key={pop.callSid} className="screen-pop" role="alert">
          <strong>Incoming call:</strong> {pop.name}{" "}
          {pop.reason && <span className="muted">— {callReasonLabel(pop.reason)}</span>}
          {pop.caseId && (
            <button
              type="button"
              className="button button--small"
              onClick={() => pop.caseId && open(pop.caseId)}
            >
              Open case
            </button>
          )}
          <button
            type="button"
            className="button button--small"
            onClick={() => setPops((current) => current.filter((p) => p !== pop))}
          >
            Dismiss
          </button>
        </div>
      ))}
      {inboxError && (
        <p className="error" role="alert">
          {inboxError}
        </p>
      )}
      <div className="layout">
        <Inbox data={inbox} selected={selected} now={now} onOpen={open} />
        <div className="layout__main" id="main-case" tabIndex={-1}>
          {lookupOpen && <StoreLookup api={api} onOpen={open} onClose={() => setLookupOpen(false)} />}
          {selected ? (
            <CaseView
              api={api}
              caseId={selected}
              me={me}
              version={caseVersion}
              now={now}
              onChanged={scheduleInbox}
            />
          ) : (
            <p className="muted empty">Choose a case from the inbox.</p>
          )}
        </div>
      </div>
    </div>
  );
}
