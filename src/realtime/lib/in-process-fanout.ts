import { EventEmitter } from "node:events";
import type { FanoutEvent, RealtimeFanout } from "../realtime.types";

export type LocalFanout = RealtimeFanout & {
  /** Hands an event to this process's subscribers only. */
  deliverLocally(topic: string, event: FanoutEvent): void;
  /** Tells this process's subscribers that events may have been missed. */
  resync(): void;
};

/** Fan-out inside one process: the embedded database has one owning process, so this is every node. */
export function createInProcessFanout(): LocalFanout {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const resyncs = new Set<() => void>();
  const deliverLocally = (topic: string, event: FanoutEvent) => {
    emitter.emit(topic, event);
  };
  return {
    deliverLocally,
    resync() {
      for (const listener of resyncs) listener();
    },
    async publish(topic, event) {
      deliverLocally(topic, event);
    },
    subscribe(topic, listener) {
      // A listener that throws must not stop delivery to the others.
      const safe = (event: FanoutEvent) => {
        try {
          listener(event);
        } catch {
          /* each subscriber handles its own failures */
        }
      };
      emitter.on(topic, safe);
      return () => emitter.off(topic, safe);
    },
    onResync(listener) {
      resyncs.add(listener);
      return () => resyncs.delete(listener);
    },
    async close() {
      emitter.removeAllListeners();
      resyncs.clear();
    },
  };
}
