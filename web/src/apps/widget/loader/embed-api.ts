import type { PageContext, SignedIdentity } from "../../../modules/conversation/protocol";

/** What a retailer's page can pass about itself; URL and title are read from the page. */
export type PageDetails = Pick<PageContext, "productId" | "sku" | "cartId">;

/** The signed sign-in a retailer's server computes: HMAC-SHA256(userId or email, widget secret), hex. */
export type IdentifyInput = { userId?: string; email?: string; hash: string };

/**
 * `window.Throughline`, the embed API. Calls made before the script has loaded can be queued as
 * `(window.Throughline = window.Throughline || []).push(["identify", {...}])`.
 */
export type ThroughlineApi = {
  readonly version: string;
  open(): void;
  close(): void;
  identify(input: IdentifyInput): void;
  /** Sign-out on the retailer's site: the widget continues as a guest. */
  forget(): void;
  setPage(details: PageDetails): void;
};

export type QueuedCall =
  | [method: "identify", input: IdentifyInput]
  | [method: "setPage", details: PageDetails]
  | [method: "open" | "close" | "forget"];

export function toSignedIdentity(input: IdentifyInput): SignedIdentity | undefined {
  if (!input || typeof input.hash !== "string" || (!input.userId && !input.email)) return undefined;
  return {
    hmac: input.hash,
    ...(input.userId ? { userId: String(input.userId) } : { email: String(input.email) }),
  };
}
