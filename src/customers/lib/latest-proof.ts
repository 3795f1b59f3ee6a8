import type { IdentityVerification } from "../customers.types";

/**
 * The most recent identity proof still inside its trust window among those that qualify, as the
 * fields a verification reports. Trust lapses by time alone, so nothing has to run to revoke it.
 */
export function latestProof(
  proofs: readonly IdentityVerification[],
  now: Date,
  qualifies: (proof: IdentityVerification) => boolean = () => true,
) {
  const proof = proofs
    .filter((candidate) => candidate.trustedUntil > now && qualifies(candidate))
    .sort((a, b) => b.verifiedAt.getTime() - a.verifiedAt.getTime())[0];
  if (!proof) return undefined;
  return {
    identityId: proof.identityId,
    summary: {
      level: "verified" as const,
      method: proof.method,
      verifiedAt: proof.verifiedAt,
      trustedUntil: proof.trustedUntil,
    },
  };
}
