export const EFFECT_STATUSES = ["pending", "delivering", "delivered", "dead"] as const;
export type EffectStatus = (typeof EFFECT_STATUSES)[number];

/** What a change asks to happen outside Throughline; enqueued in the change's own transaction. */
export type EffectInput = {
  workspaceId: string;
  /** The handler that delivers it, e.g. `webhook.deliver`. */
  kind: string;
  /** Idempotency key: enqueueing the same (workspaceId, kind, key) again records nothing new. */
  key: string;
  payload: Record<string, unknown>;
  /** Not delivered before this time (a scheduled reminder, a delayed follow-up). */
  notBefore?: Date;
};

/** An effect as stored; `id` is stable across every retry and replay, so receivers can de-duplicate. */
export type StoredEffect = {
  id: string;
  workspaceId: string;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  status: EffectStatus;
  /** Attempts so far, counting the one in progress when a handler receives it. */
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
};

/** Given to a handler with each attempt: aborted when the attempt runs past its time limit. */
export type DeliveryContext = { signal: AbortSignal };

export type EffectHandler = (effect: StoredEffect, context: DeliveryContext) => Promise<void>;
