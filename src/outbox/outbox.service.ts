import { randomBytes } from "node:crypto";
import type { Clock } from "../core/clock";
import type { Logger } from "../core/logger";
import type { Db } from "../db/client";
import { effectNotFound, PermanentEffectError } from "./outbox.errors";
import { outboxRepository, type ClaimedEffect } from "./outbox.repository";
import type { EffectHandler, EffectInput, EffectStatus, StoredEffect } from "./outbox.types";
import { retryDelay } from "./lib/retry-delay";

export type OutboxSettings = {
  /** How often the worker looks for due effects. */
  pollMs: number;
  /** Effects claimed (and delivered side by side) per round. */
  batchSize: number;
  /** Attempts before an effect is marked dead. */
  maxAttempts: number;
  /** How long a claim holds; a worker that dies mid-delivery loses its claim after this. */
  leaseMs: number;
  /** One attempt is aborted after this; kept well below the lease so a slow attempt never overlaps a retake. */
  attemptTimeoutMs: number;
  backoff: { baseMs: number; maxMs: number };
};

export const DEFAULT_OUTBOX_SETTINGS: OutboxSettings = {
  pollMs: 1000,
  batchSize: 20,
  maxAttempts: 12,
  leaseMs: 120_000,
  attemptTimeoutMs: 30_000,
  backoff: { baseMs: 5_000, maxMs: 3_600_000 },
};

export type Outbox = ReturnType<typeof createOutbox>;

const MAX_ERROR_LENGTH = 500;

const describeError = (error: unknown) =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, MAX_ERROR_LENGTH);

/**
 * Effects leave through here: callers enqueue in the transaction of the change that causes the
 * effect, and a worker delivers them with retries. Delivery is at least once — a worker that dies
 * after the receiver accepted but before the outcome was written delivers again — so every
 * attempt carries the effect's stable id for the receiver to de-duplicate on.
 */
export function createOutbox(deps: {
  db: Db;
  clock: Clock;
  logger?: Logger;
  settings?: Partial<OutboxSettings>;
  random?: () => number;
}) {
  const settings: OutboxSettings = { ...DEFAULT_OUTBOX_SETTINGS, ...deps.settings };
  const handlers = new Map<string, EffectHandler>();
  const repo = outboxRepository(deps.db);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function attempt(effect: ClaimedEffect): Promise<boolean> {
    const handler = handlers.get(effect.kind);
    const controller = new AbortController();
    const timeout = setTimeout(
      () => controller.abort(new Error("attempt timed out")),
      settings.attemptTimeoutMs,
    );
    let failure: unknown;
    try {
      if (!handler) throw new Error(`no handler for ${effect.kind}`);
      await Promise.race([
        handler(effect, { signal: controller.signal }),
        new Promise<never>((_, reject) =>
          controller.signal.addEventListener("abort", () => reject(controller.signal.reason as Error), {
            once: true,
          }),
        ),
      ]);
    } catch (error) {
      failure = error;
    } finally {
      clearTimeout(timeout);
    }
    const now = deps.clock.now();
    if (failure === undefined) {
      await repo.settle(effect.id, effect.claimToken, { status: "delivered", lastError: null }, now);
      return true;
    }
    const lastError = describeError(failure);
    const dead = failure instanceof PermanentEffectError || effect.attempts >= settings.maxAttempts;
    const nextAttemptAt = dead
      ? undefined
      : new Date(now.getTime() + retryDelay(effect.attempts, settings.backoff, deps.random));
    await repo.settle(
      effect.id,
      effect.claimToken,
      { status: dead ? "dead" : "pending", nextAttemptAt, lastError },
      now,
    );
    deps.logger?.[dead ? "error" : "warn"](
      {
        effectId: effect.id,
        kind: effect.kind,
        workspaceId: effect.workspaceId,
        attempts: effect.attempts,
        error: lastError,
      },
      dead ? "effect failed for good; marked dead" : "effect attempt failed; will retry",
    );
    return false;
  }

  async function drain(): Promise<number> {
    let delivered = 0;
    // Each round claims only what is due now; a failed effect is due later, so the loop ends.
    for (;;) {
      const now = deps.clock.now();
      const claimed = await repo.claim(
        [...handlers.keys()],
        now,
        new Date(now.getTime() + settings.leaseMs),
        settings.batchSize,
        randomBytes(12).toString("hex"),
      );
      if (claimed.length === 0) return delivered;
      const outcomes = await Promise.all(claimed.map(attempt));
      delivered += outcomes.filter(Boolean).length;
    }
  }

  const outbox = {
    settings,

    /**
     * Records an effect with `dbOrTx` — pass the transaction of the change that causes it, so the
     * effect exists exactly when the change does. The same (workspaceId, kind, key) twice is one effect.
     */
    enqueue(dbOrTx: Db, effect: EffectInput): Promise<{ id: string; created: boolean }> {
      return outboxRepository(dbOrTx).insert(effect, deps.clock.now());
    },

    /**
     * The handler for one kind. Throwing retries with back-off; throwing `PermanentEffectError`
     * marks the effect dead at once. Effects of kinds without a handler wait, untouched.
     */
    register(kind: string, handler: EffectHandler): void {
      if (handlers.has(kind)) throw new Error(`an outbox handler for ${kind} is already registered`);
      handlers.set(kind, handler);
    },

    /** Delivers everything due now; returns how many were delivered. Concurrent calls share one run. */
    drainDue(): Promise<number> {
      running ??= drain().finally(() => {
        running = undefined;
      });
      return running;
    },

    /** Polls for due effects until `stop()`; errors (database down) are logged and the next poll tries again. */
    start(): void {
      if (timer) return;
      const tick = () => {
        outbox
          .drainDue()
          .catch((error: unknown) =>
            deps.logger?.error({ error: describeError(error) }, "outbox poll failed"),
          )
          .finally(() => {
            if (timer) timer = setTimeout(tick, settings.pollMs);
          });
      };
      timer = setTimeout(tick, settings.pollMs);
    },

    /** Stops polling and waits for the round in progress, so no claim is left behind by a clean shutdown. */
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },

    get(workspaceId: string, id: string): Promise<StoredEffect | null> {
      return repo.find(workspaceId, id);
    },

    list(
      workspaceId: string,
      filter: { kinds?: string[]; statuses?: EffectStatus[]; before?: string; limit: number },
    ): Promise<StoredEffect[]> {
      return repo.list(workspaceId, filter);
    },

    /** Delivers an effect again (delivered or dead) under the same id; one being delivered now is left as is. */
    async replay(workspaceId: string, id: string): Promise<StoredEffect> {
      const requeued = await repo.requeue(workspaceId, id, deps.clock.now());
      if (requeued) return requeued;
      const current = await repo.find(workspaceId, id);
      if (!current) throw effectNotFound(id);
      return current;
    },
  };
  return outbox;
}
