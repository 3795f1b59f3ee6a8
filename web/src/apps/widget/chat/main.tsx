import { render } from "preact";
import "../../../ui/theme.css";
import "./chat.css";
import { createConversationClient } from "../../../modules/conversation/conversation-client";
import { createConversationStorage } from "../../../modules/conversation/conversation-storage";
import type { PageContext, SignedIdentity } from "../../../modules/conversation/protocol";
import {
  BRIDGE_TAG,
  cleanIdentity,
  cleanPage,
  isBridgeMessage,
  type ToFrame,
  type ToLoader,
} from "../../../modules/embed-bridge/embed-bridge";
import { ChatApp } from "./chat-app";

const params = new URLSearchParams(location.search);
const workspace = params.get("workspace") ?? "";
const embedded = window.parent !== window;
const scheme = location.protocol === "https:" ? "wss:" : "ws:";

let page: PageContext = {};
let visible = !embedded;
let focusSignal = 0;
let unread = 0;

const client = createConversationClient({
  url: `${scheme}//${location.host}/api/v1/realtime/customer?workspace=${encodeURIComponent(workspace)}`,
  storage: createConversationStorage(workspace),
  page: () => page,
  isOnline: () => navigator.onLine,
});

const toLoader = (message: ToLoader) => {
  // The parent's origin is unknown here; nothing sensitive travels in these messages.
  if (embedded) window.parent.postMessage(message, "*");
};

const mount = document.getElementById("app")!;
const draw = () =>
  render(
    <ChatApp
      client={client}
      title={document.title}
      embedded={embedded}
      visible={visible}
      focusSignal={focusSignal}
      onClose={() => toLoader({ tag: BRIDGE_TAG, kind: "close" })}
    />,
    mount,
  );

let seen = client.view().messages.length;
client.subscribe((view) => {
  const added = view.messages.slice(seen).filter((message) => message.author !== "customer").length;
  seen = view.messages.length;
  if (!visible && added > 0) {
    unread += added;
    toLoader({ tag: BRIDGE_TAG, kind: "unread", count: unread });
  }
});

window.addEventListener("online", () => client.networkChanged(true));
window.addEventListener("offline", () => client.networkChanged(false));

if (embedded) {
  let started = false;
  const start = (identity?: SignedIdentity) => {
    if (started) return client.identify(identity);
    started = true;
    client.identify(identity);
    client.start();
  };
  window.addEventListener("message", (event: MessageEvent) => {
    if (event.source !== window.parent || !isBridgeMessage<ToFrame>(event.data)) return;
    const message = event.data;
    if (message.kind === "page") {
      page = cleanPage(message.page);
      client.pageChanged();
    } else if (message.kind === "identity") start(cleanIdentity(message.identity));
    else if (message.kind === "opened") {
      visible = true;
      unread = 0;
      focusSignal += 1;
      draw();
    } else if (message.kind === "closed") {
      visible = false;
      draw();
    }
  });
  // A loader that never answers (blocked, or an old version) must not leave the chat dead.
  setTimeout(() => {
    if (!started) start(undefined);
  }, 1500);
  toLoader({ tag: BRIDGE_TAG, kind: "ready" });
} else {
  client.start();
}
draw();
