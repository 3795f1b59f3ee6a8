import type { Entity } from "../nlu.types";

/** What the agent's last question asked for, so a short answer can be read as that. */
export type PendingNeed = "postal_code" | "order_number";

const POSTAL_SHAPE = /^(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})$/i;

/**
 * Re-reads entities in the light of the question just asked: after "what is the postal code?" a bare
 * "60612" is the postal code, not an order number. With two numbers ("1002, 10012") the one shaped
 * like a postal code and given last is the postal code; the other stays an order number.
 */
export function readPendingAnswer(entities: Entity[], need: PendingNeed): Entity[] {
  if (need !== "postal_code" || entities.some((e) => e.type === "postal_code")) return entities;
  const orders = entities.filter((e) => e.type === "order_number");
  const candidate = [...orders].reverse().find((e) => POSTAL_SHAPE.test(e.value));
  if (!candidate) return entities;
  return entities.map((e) => (e === candidate ? { ...e, type: "postal_code" as const } : e));
}
