/** Postgres error codes that mean "another transaction got there first; run again". */
const RETRYABLE_CODES = new Set(["23505", "40001", "40P01"]);

function pgCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isRetryableDbError(error: unknown): boolean {
  if (error instanceof Error && error.name === "IdentityRaceError") return true;
  const code = pgCode(error);
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/** Re-runs a whole transaction when it lost a race (unique violation, serialisation failure). */
export async function withRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryableDbError(error)) throw error;
    }
  }
}
