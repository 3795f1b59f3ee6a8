export type BackoffSettings = { baseMs: number; maxMs: number };

/**
 * Exponential back-off with "equal jitter": half the delay is fixed, half random, so failed
 * effects spread out instead of hitting a recovering receiver together, yet never retry at once.
 * `attempt` is the number of attempts made so far (1 after the first failure).
 */
export function retryDelay(
  attempt: number,
  settings: BackoffSettings,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
