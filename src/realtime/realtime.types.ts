import type { InboundMessage } from "../agent";

/** The channels that speak the realtime protocol; the name is the pipeline's channel. */
export const REALTIME_CHANNELS = ["web_chat", "mobile"] as const;
export type RealtimeChannelName = (typeof REALTIME_CHANNELS)[number];

/** A JSON object sent to subscribers of a topic. */
export type FanoutEvent = Record<string, unknown>;

/**
 * Delivers events to every node's subscribers of a topic. The adapters and sessions only see
 * this contract, so the transport (one process, PostgreSQL LISTEN/NOTIFY, NATS) can change
 * without touching them. Delivery is at most once: subscribers that must not miss anything
 * (conversation sessions) use the sequence numbers and re-read the database on a gap or a resync.
 */
export interface RealtimeFanout {
  publish(topic: string, event: FanoutEvent): Promise<void>;
  subscribe(topic: string, listener: (event: FanoutEvent) => void): () => void;
  /** Called when events may have been missed (the transport reconnected). */
  onResync(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Fan-out topics: one per conversation, one per workspace's staff. */
export const conversationTopic = (conversationId: string) => `conversation:${conversationId}`;
export const staffTopic = (workspaceId: string) => `staff:${workspaceId}`;

export type PageContext = {
  url?: string;
  title?: string;
  productId?: string;
  sku?: string;
  cartId?: string;
};

/** What the shopper's client says about where they are: the page, the app screen, the location. */
export type ShopperContext = {
  page?: PageContext;
  location?: { latitude: number; longitude: number };
  screen?: string;
  locale?: string;
};

/** The conversation as an adapter needs it to build the pipeline's message. */
export type ConversationRef = {
  id: string;
  workspaceId: string;
  channel: RealtimeChannelName;
  /** The device identity the pipeline sees (derived from the resume token). */
  deviceValue: string;
  /** A signed identity proven at hello; the claim the pipeline resolves the customer by. */
  signedIdentity: SignedIdentity | null;
};

export type SignedIdentity = { kind: "email" | "external"; value: string };

/**
 * A channel speaking the realtime protocol: it translates a shopper's message into the one
 * pipeline's inbound message (identities, context, reply style). It never stores anything itself.
 */
export interface RealtimeChannel {
  readonly name: RealtimeChannelName;
  toInbound(
    conversation: ConversationRef,
    message: { text: string; clientId: string; context: ShopperContext },
  ): InboundMessage;
}

export const EVENT_KINDS = ["message", "status", "assignee", "read"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** A stored conversation event as it goes over the wire. */
export type WireEvent = {
  type: "event";
  seq: number;
  kind: EventKind;
  at: string;
} & Record<string, unknown>;
