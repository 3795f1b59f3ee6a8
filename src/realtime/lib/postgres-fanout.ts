import { randomUUID } from "node:crypto";
import createSubscriber from "pg-listen";
import type { SqlRunner } from "../../db/client";
import type { FanoutEvent, RealtimeFanout } from "../realtime.types";
import { createInProcessFanout } from "./in-process-fanout";

const CHANNEL = "throughline_realtime";
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; leave room for the envelope. */
export const MAX_NOTIFY_BYTES = 7_800;

type Envelope = { node: string; topic: string; event: FanoutEvent };

/**
 * Fan-out across nodes through PostgreSQL LISTEN/NOTIFY: a node delivers its own events at once
 * and NOTIFYs the others, which hand them to their local subscribers. NOTIFY is sent through the
 * pool; one dedicated connection LISTENs and reconnects on loss, after which subscribers are
 * told to resync from the database (notifications sent meanwhile are gone).
 */
export async function createPostgresFanout(options: {
  url: string;
  runner: SqlRunner;
  onError?: (error: Error) => void;
}): Promise<RealtimeFanout> {
  const node = randomUUID();
  const local = createInProcessFanout();
  const subscriber = createSubscriber<Record<string, Envelope>>(
    { connectionString: options.url },
    { retryLimit: Infinity, retryTimeout: 0, retryInterval: (attempt) => Math.min(5_000, 250 * 2 ** attempt) },
  );
  subscriber.notifications.on(CHANNEL, (envelope) => {
    if (!envelope || envelope.node === node || typeof envelope.topic !== "string") return;
    local.deliverLocally(envelope.topic, envelope.event);
  });
  subscriber.events.on("connected", () => local.resync());
  subscriber.events.on("error", (error) => options.onError?.(error));
  await subscriber.connect();
  await subscriber.listenTo(CHANNEL);

  return {
    async publish(topic, event) {
      const payload = JSON.stringify({ node, topic, event } satisfies Envelope);
      if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) {
        throw new Error(`fan-out event on ${topic.split(":")[0]} is larger than ${MAX_NOTIFY_BYTES} bytes`);
      }
      local.deliverLocally(topic, event);
      await options.runner.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]);
    },
    subscribe: local.subscribe,
    onResync: local.onResync,
    async close() {
      await local.close();
      await subscriber.close();
    },
  };
}
