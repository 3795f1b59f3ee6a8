import type { Identity, IdentityVerification, Verification } from "../customers.types";
import { latestProof } from "./latest-proof";

const HOUR_MS = 3_600_000;

/**
 * Whether an identity's proof can vouch for a later contact that presents it. Only identities
 * whose possession the channel proves qualify: a device or session id (the app or widget holds
 * it), and a phone number confirmed by a one-time code. A typed email, a caller ID or a loyalty
 * number is a claim anyone can make, so proof held by it never carries over.
 */
const carriesVerification = (identity: Identity) =>
  identity.kind === "device" || (identity.kind === "phone" && identity.verifiedMethod === "one_time_code");

/**
 * The record's view of proof: the latest identity proof still inside the trust window, and
 * each identity's proof. Trust lapses by time alone, so nothing has to run to revoke it.
 */
export function effectiveVerification(
  identities: readonly Identity[],
  now: Date,
  trustHours: number,
): Verification {
  const proven: IdentityVerification[] = [];
  for (const identity of identities) {
    if (identity.verificationLevel !== "verified" || !identity.verifiedAt) continue;
    const trustedUntil = new Date(identity.verifiedAt.getTime() + trustHours * HOUR_MS);
    proven.push({
      identityId: identity.id,
      kind: identity.kind,
      method: identity.verifiedMethod,
      verifiedAt: identity.verifiedAt,
      trustedUntil,
      carriesToContact: carriesVerification(identity),
    });
  }
  const current = latestProof(proven, now);
  if (current) return { ...current.summary, identities: proven };
  const recognised = identities.some((identity) => identity.verificationLevel !== "anonymous");
  return {
    level: recognised ? "recognised" : "anonymous",
    method: null,
    verifiedAt: null,
    trustedUntil: null,
    identities: proven,
  };
}
