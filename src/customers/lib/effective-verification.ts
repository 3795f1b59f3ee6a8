import type { Identity, Verification } from "../customers.types";

/**
 * A customer is verified while any identity's verification is inside the trust window;
 * otherwise recognised if any identity is, else anonymous. Trust lapses by time alone, so
 * nothing has to run to revoke it.
 */
export function effectiveVerification(
  identities: readonly Identity[],
  now: Date,
  trustHours: number,
): Verification {
  let best: Identity | undefined;
  for (const identity of identities) {
    if (identity.verificationLevel !== "verified" || !identity.verifiedAt) continue;
    if (!best || (best.verifiedAt && identity.verifiedAt > best.verifiedAt)) best = identity;
  }
  if (best?.verifiedAt) {
    const trustedUntil = new Date(best.verifiedAt.getTime() + trustHours * 3_600_000);
    if (trustedUntil > now) {
      return { level: "verified", method: best.verifiedMethod, verifiedAt: best.verifiedAt, trustedUntil };
    }
  }
  const recognised = identities.some((identity) => identity.verificationLevel !== "anonymous");
  return {
    level: recognised ? "recognised" : "anonymous",
    method: null,
    verifiedAt: null,
    trustedUntil: null,
  };
}
