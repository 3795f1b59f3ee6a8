import {
  BRIDGE_TAG,
  isBridgeMessage,
  type ToFrame,
  type ToLoader,
} from "../../../modules/embed-bridge/embed-bridge";
import type { PageContext, SignedIdentity } from "../../../modules/conversation/protocol";
import {
  toSignedIdentity,
  type IdentifyInput,
  type PageDetails,
  type QueuedCall,
  type ThroughlineApi,
} from "./embed-api";
import { launcherStyles } from "./launcher-styles";

declare global {
  interface Window {
    Throughline?: ThroughlineApi | QueuedCall[];
  }
}

/**
 * The one script a retailer adds. It draws only a launcher button (inside a shadow root, so the
 * page's CSS cannot reach it) and loads the chat itself in a frame served by Throughline the
 * first time the shopper reaches for the button: the page pays for a few kilobytes until then,
 * and the chat runs under Throughline's own content-security policy.
 */
function boot(): void {
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>("script[data-workspace][src*='widget.js']");
  const workspace = script?.dataset.workspace;
  if (!script || !workspace) return;
  const existing = window.Throughline;
  if (existing && !Array.isArray(existing)) return;

  const origin = new URL(script.src, location.href).origin;
  const frameUrl = `${origin}/widget/chat?workspace=${encodeURIComponent(workspace)}`;
  let details: PageDetails = {};
  let identity: SignedIdentity | null =
    toSignedIdentity({
      userId: script.dataset.userId,
      email: script.dataset.userEmail,
      hash: script.dataset.userHash ?? "",
    }) ?? null;

  const host = document.createElement("div");
  host.setAttribute("data-throughline", "");
  const root = host.attachShadow({ mode: "open" });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(launcherStyles);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement("style");
    style.textContent = launcherStyles;
    root.append(style);
  }

  const panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "throughline-panel";
  panel.hidden = true;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "launcher";
  button.setAttribute("aria-controls", panel.id);
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-label", script.dataset.label ?? "Chat with us");
  button.innerHTML =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg><span class="badge" hidden></span>';
  const badge = button.querySelector<HTMLElement>(".badge")!;
  root.append(panel, button);

  let frame: HTMLIFrameElement | undefined;
  let frameReady = false;
  let open = false;

  const post = (message: ToFrame) => {
    if (frame?.contentWindow && frameReady) frame.contentWindow.postMessage(message, origin);
  };
  const meta = (name: string) =>
    document.querySelector<HTMLMetaElement>(`meta[name="throughline:${name}"]`)?.content.trim() || undefined;
  const page = (): PageContext => {
    const context: PageContext = { url: location.href.split("#")[0], title: document.title };
    const productId = details.productId ?? meta("product-id");
    const sku = details.sku ?? meta("sku");
    const cartId = details.cartId ?? meta("cart-id");
    if (productId) context.productId = productId;
    if (sku) context.sku = sku;
    if (cartId) context.cartId = cartId;
    return context;
  };
  const sendPage = () => post({ tag: BRIDGE_TAG, kind: "page", page: page() });

  const ensureFrame = () => {
    if (frame) return;
    frame = document.createElement("iframe");
    frame.src = frameUrl;
    frame.title = "Customer support chat";
    frame.setAttribute("allow", "clipboard-write");
    panel.append(frame);
  };

  const setOpen = (next: boolean) => {
    if (next === open) return;
    open = next;
    if (open) ensureFrame();
    panel.hidden = !open;
    host.toggleAttribute("data-open", open);
    button.setAttribute("aria-expanded", String(open));
    button.setAttribute("aria-label", open ? "Close chat" : (script.dataset.label ?? "Chat with us"));
    if (open) {
      badge.hidden = true;
      frame?.focus();
      post({ tag: BRIDGE_TAG, kind: "opened" });
    } else {
      post({ tag: BRIDGE_TAG, kind: "closed" });
      button.focus();
    }
  };

  button.addEventListener("click", () => setOpen(!open));
  // Start fetching the chat while the pointer travels to the button or focus lands on it.
  button.addEventListener("pointerenter", ensureFrame, { once: true });
  button.addEventListener("focus", ensureFrame, { once: true });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && open) setOpen(false);
  });

  window.addEventListener("message", (event: MessageEvent) => {
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
    if (!isBridgeMessage<ToLoader>(event.data)) return;
    const message = event.data;
    if (message.kind === "ready") {
      frameReady = true;
      sendPage();
      post({ tag: BRIDGE_TAG, kind: "identity", identity });
      if (open) post({ tag: BRIDGE_TAG, kind: "opened" });
    } else if (message.kind === "close") setOpen(false);
    else if (message.kind === "unread" && !open) {
      badge.hidden = message.count < 1;
      badge.textContent = message.count > 9 ? "9+" : String(message.count);
    }
  });

  // Single-page shops change pages with the History API: tell the chat about each new page.
  // The title and meta tags usually change just after the URL, hence the short delay.
  // Product and SKU belong to the page that set them; the cart follows the shopper.
  const navigated = () => {
    details = { cartId: details.cartId };
    setTimeout(sendPage, 60);
  };
  for (const method of ["pushState", "replaceState"] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History["pushState"]>) {
      const result = original.apply(this, args);
      navigated();
      return result;
    };
  }
  window.addEventListener("popstate", navigated);
  window.addEventListener("hashchange", navigated);

  const api: ThroughlineApi = {
    version: "1",
    open: () => setOpen(true),
    close: () => setOpen(false),
    identify(input: IdentifyInput) {
      identity = toSignedIdentity(input) ?? null;
      post({ tag: BRIDGE_TAG, kind: "identity", identity });
    },
    forget() {
      identity = null;
      post({ tag: BRIDGE_TAG, kind: "identity", identity: null });
    },
    setPage(next: PageDetails) {
      details = { ...details, ...next };
      sendPage();
    },
  };
  const queued = Array.isArray(existing) ? existing : [];
  window.Throughline = api;
  for (const [method, argument] of queued) {
    if (method === "identify") api.identify(argument as IdentifyInput);
    else if (method === "setPage") api.setPage(argument as PageDetails);
    else if (method === "open" || method === "close" || method === "forget") api[method]();
  }

  const mount = () => document.body.append(host);
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
  window.dispatchEvent(new Event("throughline:ready"));
}

boot();
