import { effectiveRangeInvalid } from "../knowledge.errors";

/**
 * The range a version is published with. History is never rewritten: a version cannot take
 * effect before it is published, so an effective_from in the past (or none) means "now".
 */
export function resolveEffectiveRange(
  requested: { effectiveFrom: Date | null; effectiveTo: Date | null },
  now: Date,
): { effectiveFrom: Date; effectiveTo: Date | null } {
  const from = requested.effectiveFrom && requested.effectiveFrom > now ? requested.effectiveFrom : now;
  const to = requested.effectiveTo;
  if (to && to <= now) {
    throw effectiveRangeInvalid(
      "effectiveTo",
      "effectiveTo is in the past; the version would never be in force",
    );
  }
  if (to && to <= from) {
    throw effectiveRangeInvalid("effectiveTo", "effectiveTo must be after effectiveFrom");
  }
  return { effectiveFrom: from, effectiveTo: to };
}
