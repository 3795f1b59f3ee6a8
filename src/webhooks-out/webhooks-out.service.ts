import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { newId } from "../core/ids";
import type { Logger } from "../core/logger";
import type { Db } from "../db/client";
import { PermanentEffectError, type EffectStatus, type Outbox, type StoredEffect } from "../outbox";
import { deliverWebhook } from "./lib/deliver-webhook";
import { newWebhookSecret } from "./lib/new-webhook-secret";
import { deliveryNotFound, endpointNotFound } from "./webhooks-out.errors";
import { toOutboundEvent, type OutboundEvent } from "./webhooks-out.events";
import { webhookEndpointsRepository, type EndpointRow } from "./webhooks-out.repository";
import type { WebhookDelivery, WebhookEndpoint, WebhookEndpointInput } from "./webhooks-out.types";

export const WEBHOOK_EFFECT_KIND = "webhook.deliver";

type DeliveryPayload = {
  endpointId: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
};

const toEndpoint = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.eventTypes as WebhookEndpoint["eventTypes"],
  enabled: row.enabled,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const toDelivery = (effect: StoredEffect): WebhookDelivery => {
  const payload = effect.payload as DeliveryPayload;
  return {
    id: effect.id,
    endpointId: payload.endpointId,
    type: payload.type,
    status: effect.status,
    attempts: effect.attempts,
    lastError: effect.lastError,
    nextAttemptAt: effect.nextAttemptAt,
    createdAt: effect.createdAt,
    deliveredAt: effect.deliveredAt,
  };
};

export type OutboundWebhooks = ReturnType<typeof createOutboundWebhooks>;

/**
 * Signed outbound webhooks. Each event becomes one outbox effect per subscribed endpoint, so a
 * slow or failing receiver is retried on its own without holding up the others.
 */
export function createOutboundWebhooks(deps: {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  events: EventBus;
  logger?: Logger;
}) {
  const pending = new Set<Promise<unknown>>();

  async function publish(
    dbOrTx: Db,
    workspaceId: string,
    event: OutboundEvent & { occurredAt: Date; key?: string },
  ): Promise<number> {
    const endpoints = await webhookEndpointsRepository(dbOrTx).subscribers(workspaceId, event.type);
    const key = event.key ?? newId("event", event.occurredAt.getTime());
    for (const endpoint of endpoints) {
      const payload: DeliveryPayload = {
        endpointId: endpoint.id,
        type: event.type,
        occurredAt: event.occurredAt.toISOString(),
        data: event.data,
      };
      await deps.outbox.enqueue(dbOrTx, {
        workspaceId,
        kind: WEBHOOK_EFFECT_KIND,
        key: `${key}:${endpoint.id}`,
        payload,
      });
    }
    return endpoints.length;
  }

  deps.outbox.register(WEBHOOK_EFFECT_KIND, async (effect, { signal }) => {
    const payload = effect.payload as DeliveryPayload;
    const endpoint = await webhookEndpointsRepository(deps.db).find(effect.workspaceId, payload.endpointId);
    if (!endpoint) throw new PermanentEffectError("the endpoint was deleted");
    if (!endpoint.enabled) throw new PermanentEffectError("the endpoint is disabled");
    await deliverWebhook({
      url: endpoint.url,
      secret: endpoint.secret,
      id: effect.id,
      body: JSON.stringify({ type: payload.type, timestamp: payload.occurredAt, data: payload.data }),
      at: deps.clock.now(),
      signal,
    });
  });

  // Events that services emit after their commit: a crash between the commit and this enqueue
  // loses that webhook (order actions avoid the gap by publishing inside their transaction).
  deps.events.on("*", (event) => {
    const outbound = toOutboundEvent(event);
    if (!outbound) return;
    const work = publish(deps.db, event.workspaceId, { ...outbound, occurredAt: event.occurredAt })
      .catch((error: unknown) =>
        deps.logger?.error(
          { event: event.name, workspaceId: event.workspaceId, error: String(error) },
          "webhook fan-out failed",
        ),
      )
      .finally(() => pending.delete(work));
    pending.add(work);
  });

  async function endpointOrThrow(workspaceId: string, id: string): Promise<EndpointRow> {
    const row = await webhookEndpointsRepository(deps.db).find(workspaceId, id);
    if (!row) throw endpointNotFound(id);
    return row;
  }

  return {
    publish,

    /** Resolves once every event emitted so far has been turned into outbox effects. */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },

    async createEndpoint(
      workspaceId: string,
      input: WebhookEndpointInput,
    ): Promise<WebhookEndpoint & { secret: string }> {
      const now = deps.clock.now();
      const row = await webhookEndpointsRepository(deps.db).insert({
        id: newId("webhookEndpoint", now.getTime()),
        workspaceId,
        url: input.url,
        description: input.description ?? "",
        eventTypes: [...new Set(input.eventTypes)],
        secret: newWebhookSecret(),
        enabled: input.enabled ?? true,
        createdAt: now,
        updatedAt: now,
      });
      return { ...toEndpoint(row), secret: row.secret };
    },

    async listEndpoints(workspaceId: string): Promise<WebhookEndpoint[]> {
      return (await webhookEndpointsRepository(deps.db).list(workspaceId)).map(toEndpoint);
    },

    async getEndpoint(workspaceId: string, id: string): Promise<WebhookEndpoint> {
      return toEndpoint(await endpointOrThrow(workspaceId, id));
    },

    async updateEndpoint(
      workspaceId: string,
      id: string,
      patch: Partial<WebhookEndpointInput>,
    ): Promise<WebhookEndpoint> {
      const row = await webhookEndpointsRepository(deps.db).update(
        workspaceId,
        id,
        { ...patch, ...(patch.eventTypes ? { eventTypes: [...new Set(patch.eventTypes)] } : {}) },
        deps.clock.now(),
      );
      if (!row) throw endpointNotFound(id);
      return toEndpoint(row);
    },

    async deleteEndpoint(workspaceId: string, id: string): Promise<void> {
      if (!(await webhookEndpointsRepository(deps.db).remove(workspaceId, id))) throw endpointNotFound(id);
    },

    /** A new secret, returned once; the old one stops signing at once. */
    async rotateSecret(workspaceId: string, id: string): Promise<{ secret: string }> {
      const secret = newWebhookSecret();
      const row = await webhookEndpointsRepository(deps.db).update(
        workspaceId,
        id,
        { secret },
        deps.clock.now(),
      );
      if (!row) throw endpointNotFound(id);
      return { secret };
    },

    async listDeliveries(
      workspaceId: string,
      filter: { status?: EffectStatus; before?: string; limit: number },
    ): Promise<WebhookDelivery[]> {
      const effects = await deps.outbox.list(workspaceId, {
        kinds: [WEBHOOK_EFFECT_KIND],
        statuses: filter.status ? [filter.status] : undefined,
        before: filter.before,
        limit: filter.limit,
      });
      return effects.map(toDelivery);
    },

    async getDelivery(workspaceId: string, id: string): Promise<WebhookDelivery> {
      const effect = await deps.outbox.get(workspaceId, id);
      if (!effect || effect.kind !== WEBHOOK_EFFECT_KIND) throw deliveryNotFound(id);
      return toDelivery(effect);
    },

    /** Sends a delivery again under the same `webhook-id`, whatever its state (one in flight is left alone). */
    async replayDelivery(workspaceId: string, id: string): Promise<WebhookDelivery> {
      await this.getDelivery(workspaceId, id);
      return toDelivery(await deps.outbox.replay(workspaceId, id));
    },
  };
}
