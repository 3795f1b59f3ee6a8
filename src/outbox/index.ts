export { createOutbox, DEFAULT_OUTBOX_SETTINGS, type Outbox, type OutboxSettings } from "./outbox.service";
export { PermanentEffectError } from "./outbox.errors";
export {
  EFFECT_STATUSES,
  type EffectInput,
  type EffectStatus,
  type StoredEffect,
  type EffectHandler,
  type DeliveryContext,
} from "./outbox.types";
