export const IDENTITY_KINDS = ["email", "phone", "device", "loyalty", "external", "social"] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export const VERIFICATION_LEVELS = ["anonymous", "recognised", "verified"] as const;
export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];

export const VERIFICATION_METHODS = ["signed_token", "one_time_code", "order_postcode", "staff"] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** An identity as a channel or integration presents it, before normalisation. */
export type IdentityClaim = {
  kind: IdentityKind;
  value: string;
  /** Owning system for external ids, network for social handles. */
  system?: string;
  /** What the channel can vouch for: caller ID or a typed email is only "recognised". */
  level?: Exclude<VerificationLevel, "verified">;
};

export type Identity = {
  id: string;
  kind: IdentityKind;
  system: string;
  value: string;
  verificationLevel: VerificationLevel;
  verifiedAt: Date | null;
  verifiedMethod: string | null;
  createdAt: Date;
};

/** Proof one identity holds: how and when it was verified, and whether it can vouch for a later contact. */
export type IdentityVerification = {
  identityId: string;
  kind: IdentityKind;
  method: string | null;
  verifiedAt: Date;
  /** Proof lapses by time alone; past this it is only history. */
  trustedUntil: Date;
  /** False for emails, caller IDs and other claims: their proof never verifies a later contact. */
  carriesToContact: boolean;
};

/**
 * The customer record's proof: the latest identity proof inside the trust window, and every
 * identity's proof. It describes the record for staff; it never verifies a contact by itself
 * (see ContactVerification).
 */
export type Verification = {
  /** "verified" while some identity's proof is inside the trust window. */
  level: VerificationLevel;
  method: string | null;
  verifiedAt: Date | null;
  trustedUntil: Date | null;
  identities: IdentityVerification[];
};

/**
 * Proof given inside one case (order number + postal code, staff), bound to the session
 * identities of the contact that gave it. Stored with the case's dialogue state.
 */
export type ConversationProof = {
  /** A VerificationMethod, or the proven identity's method when the proof came through one. */
  method: string;
  /** ISO times, as the state is stored as JSON. */
  at: string;
  until: string;
  identityIds: string[];
};

/** The verification of one contact: what this message may unlock. */
export type ContactVerification = {
  level: VerificationLevel;
  method: string | null;
  verifiedAt: Date | null;
  trustedUntil: Date | null;
  /** What the proof came through: a proven identity the contact presented, or this case's conversation. */
  via: { kind: "identity"; identityId: string } | { kind: "conversation" } | null;
};

export type Customer = {
  id: string;
  workspaceId: string;
  displayName: string | null;
  tier: string;
  locale: string | null;
  attributes: Record<string, unknown>;
  mergedIntoId: string | null;
  identities: Identity[];
  verification: Verification;
  createdAt: Date;
  updatedAt: Date;
};

export type MergeProposal = {
  id: string;
  customerId: string;
  otherCustomerId: string;
  identityKind: string;
  identityValue: string;
  source: string;
  status: "open" | "accepted" | "dismissed";
  createdAt: Date;
};

/** What a merge moved, by id, so that it can be reverted exactly. */
export type MergeMovedIds = {
  identities?: string[];
  cases?: string[];
  timelineEvents?: string[];
  /** A case of the merged customer folded into the survivor's open case about the same order. */
  foldedCase?: { from: string; into: string; messages: string[] };
};

export type MergeResult = {
  id: string;
  survivorId: string;
  mergedId: string;
  moved: Record<string, number>;
};
