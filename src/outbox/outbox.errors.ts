import { notFound } from "../core/errors";

/**
 * Thrown by a handler when retrying cannot help (the receiver refused the payload, the address
 * does not exist): the effect is marked dead at once instead of being retried.
 */
export class PermanentEffectError extends Error {
  override name = "PermanentEffectError";
}

export const effectNotFound = (id: string) =>
  notFound("OUTBOX_EFFECT_NOT_FOUND", `no effect ${id} in this workspace`);
