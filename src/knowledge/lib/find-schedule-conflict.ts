export type PublishedRange = { version: number; effectiveFrom: Date; effectiveTo: Date | null };

/**
 * Within one entry the version with the latest start wins, so a new version cleanly supersedes
 * whatever is in force from its start on. What is ambiguous is a new version that would still
 * be in force when an already scheduled version starts: the older scheduled text would silently
 * replace the newer one. That scheduled version is returned so publishing can refuse.
 */
export function findScheduleConflict(
  candidate: { effectiveFrom: Date; effectiveTo: Date | null },
  published: PublishedRange[],
  now: Date,
): PublishedRange | undefined {
  return published
    .filter((other) => other.effectiveFrom > now)
    .sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime())
    .find(
      (other) =>
        candidate.effectiveFrom <= other.effectiveFrom &&
        (candidate.effectiveTo === null || candidate.effectiveTo > other.effectiveFrom),
    );
}
