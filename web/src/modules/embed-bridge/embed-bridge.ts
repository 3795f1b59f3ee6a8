import type { PageContext, SignedIdentity } from "../conversation/protocol";

/**
 * postMessage traffic between the loader on the retailer's page and the chat frame. Every
 * message is tagged so the frame ignores anything else a page or its other scripts post.
 */
export const BRIDGE_TAG = "throughline:v1";

/** Loader → chat frame. */
export type ToFrame =
  | { tag: typeof BRIDGE_TAG; kind: "page"; page: PageContext }
  | { tag: typeof BRIDGE_TAG; kind: "identity"; identity: SignedIdentity | null }
  | { tag: typeof BRIDGE_TAG; kind: "opened" }
  | { tag: typeof BRIDGE_TAG; kind: "closed" };

/** Chat frame → loader. */
export type ToLoader =
  | { tag: typeof BRIDGE_TAG; kind: "ready" }
  | { tag: typeof BRIDGE_TAG; kind: "close" }
  | { tag: typeof BRIDGE_TAG; kind: "unread"; count: number };

export function isBridgeMessage<T extends { tag: string; kind: string }>(data: unknown): data is T {
  return (
    !!data &&
    typeof data === "object" &&
    (data as { tag?: unknown }).tag === BRIDGE_TAG &&
    typeof (data as { kind?: unknown }).kind === "string"
  );
}

/** Bounded copies of what a page hands us, so a hostile page cannot post megabytes through the bridge. */
export function cleanPage(value: unknown): PageContext {
  const page: PageContext = {};
  if (!value || typeof value !== "object") return page;
  const raw = value as Record<string, unknown>;
  const take = (key: keyof PageContext, max: number) => {
    const field = raw[key];
    if (typeof field === "string" && field.trim()) page[key] = field.trim().slice(0, max);
  };
  take("url", 2000);
  take("title", 300);
  take("productId", 64);
  take("sku", 64);
  take("cartId", 128);
  return page;
}

export function cleanIdentity(value: unknown): SignedIdentity | undefined {
  if (!value || typeof value !== "object") return undefined;
  const raw = value as Record<string, unknown>;
  const text = (field: unknown, max: number) =>
    typeof field === "string" && field.trim() ? field.trim().slice(0, max) : undefined;
  const hmac = text(raw.hmac ?? raw.hash ?? raw.userHash, 128);
  const userId = text(raw.userId, 200);
  const email = text(raw.email, 320);
  if (!hmac || (!userId && !email)) return undefined;
  return { hmac, ...(userId ? { userId } : {}), ...(email && !userId ? { email } : {}) };
}
