import type { ContactVerification, ConversationProof, Identity, IdentityVerification } from "../customers.types";
import { latestProof } from "./latest-proof";

/**
 * The verification of one contact (this inbound message): verified only by proof given in this
 * conversation or by a proven identity the contact itself presents. Proof held by the customer
 * record through another identity recognises the customer but never unlocks anything here.
 */
export function contactVerification(input: {
  /** The customer's identities this contact presented (matched from its claims). */
  presented: readonly Identity[];
  /** The record's identity proofs (Verification.identities), each with its trust window. */
  proofs: readonly IdentityVerification[];
  /** Proof given earlier in this case, bound to the session identities it was given from. */
  conversation?: ConversationProof | null;
  now: Date;
}): ContactVerification {
  const { presented, now } = input;
  const presentedIds = new Set(presented.map((identity) => identity.id));
  const best = latestProof(input.proofs, now, (p) => p.carriesToContact && presentedIds.has(p.identityId));
  if (best) return { ...best.summary, via: { kind: "identity", identityId: best.identityId } };
  const proof = input.conversation;
  if (proof && conversationProofApplies(proof, presented, now)) {
    return {
      level: "verified",
      method: proof.method,
      verifiedAt: new Date(proof.at),
      trustedUntil: new Date(proof.until),
      via: { kind: "conversation" },
    };
  }
  const recognised = presented.some((identity) => identity.verificationLevel !== "anonymous");
  return { level: recognised ? "recognised" : "anonymous", method: null, verifiedAt: null, trustedUntil: null, via: null };
}

/**
 * Proof given in a case covers later messages of that case only while the window lasts and only
 * from the session it was given in: a case spans channels, so without the session anyone who
 * claims the customer's email would join a conversation someone else proved.
 */
function conversationProofApplies(proof: ConversationProof, presented: readonly Identity[], now: Date): boolean {
  if (new Date(proof.until) <= now) return false;
  return presented.some((identity) => identity.kind === "device" && proof.identityIds.includes(identity.id));
}
