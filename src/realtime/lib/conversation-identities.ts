import type { IdentityClaim } from "../../customers";
import type { ConversationRef } from "../realtime.types";

/** The system name signed user ids are kept under (the retailer's own site accounts). */
export const SIGNED_USER_SYSTEM = "site";

/**
 * The identities a realtime conversation presents to the pipeline: always its device identity
 * (held by possession of the resume token), and the retailer-signed email or user id when one
 * was proven at hello. Nothing a client merely claims is ever presented.
 */
export function conversationIdentities(conversation: ConversationRef): IdentityClaim[] {
  const claims: IdentityClaim[] = [{ kind: "device", value: conversation.deviceValue }];
  const signed = conversation.signedIdentity;
  if (signed?.kind === "email") claims.push({ kind: "email", value: signed.value, level: "recognised" });
  if (signed?.kind === "external") {
    claims.push({ kind: "external", system: SIGNED_USER_SYSTEM, value: signed.value, level: "recognised" });
  }
  return claims;
}
