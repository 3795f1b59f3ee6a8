/** Staff events the workspace reacts to (docs/realtime.md, "Staff connection"). */
export type StaffEvent =
  | { type: "welcome"; workspaceId: string }
  | { type: "case.changed"; caseId: string; change: string }
  | {
      type: "call.transferred";
      callSid?: string;
      customer?: { name?: string | null };
      case?: { id?: string };
    }
  | { type: string; [field: string]: unknown };

export type ConnectionState = "connecting" | "live" | "reconnecting";

const PROTOCOL = "throughline.staff.v1";
const TOKEN_PROTOCOL_PREFIX = "throughline.bearer.";
const MAX_BACKOFF_MS = 15_000;

/**
 * The staff realtime connection. The token rides in a subprotocol (a browser cannot set headers
 * on a socket), never in the URL. The staff stream carries no per-workspace sequence, so after
 * any reconnect `onResync` asks the UI to reload what it shows: a reload of the current state
 * misses nothing that happened while the socket was down.
 */
export function connectStaffSocket(options: {
  token: string;
  onEvent(event: StaffEvent): void;
  onState(state: ConnectionState): void;
  onResync(): void;
  /** A refused upgrade looks like any dropped socket; this asks the API whether the session is still good. */
  onRefused(): void;
}): () => void {
  let socket: WebSocket | undefined;
  let stopped = false;
  let attempt = 0;
  let everWelcomed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pinger: ReturnType<typeof setInterval> | undefined;

  const open = () => {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/realtime/staff`;
    const current = new WebSocket(url, [PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${options.token}`]);
    socket = current;
    let welcomed = false;
    current.onmessage = (message) => {
      let event: StaffEvent;
      try {
        event = JSON.parse(String(message.data)) as StaffEvent;
      } catch {
        return;
      }
      if (event.type === "welcome") {
        welcomed = true;
        attempt = 0;
        options.onState("live");
        if (everWelcomed) options.onResync();
        everWelcomed = true;
      }
      options.onEvent(event);
    };
    current.onopen = () => {
      pinger = setInterval(
        () => current.readyState === WebSocket.OPEN && current.send('{"type":"ping"}'),
        25_000,
      );
    };
    current.onclose = () => {
      clearInterval(pinger);
      if (stopped) return;
      if (!welcomed) options.onRefused();
      options.onState("reconnecting");
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt += 1;
      timer = setTimeout(open, delay);
    };
  };

  options.onState("connecting");
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    clearInterval(pinger);
    socket?.close(1000);
  };
}
