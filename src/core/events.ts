import { EventEmitter } from "node:events";

/**
 * In-process domain events (`noun.past_verb`). Realtime fan-out, QA and analytics
 * subscribe here; cross-node fan-out is layered on top by forwarding through the database.
 */
export type DomainEvent = {
  name: string;
  workspaceId: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
};

export type EventBus = {
  emit(event: DomainEvent): void;
  on(name: string | "*", listener: (event: DomainEvent) => void): () => void;
};

export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    emit(event) {
      emitter.emit(event.name, event);
      emitter.emit("*", event);
    },
    on(name, listener) {
      emitter.on(name, listener);
      return () => emitter.off(name, listener);
    },
  };
}
