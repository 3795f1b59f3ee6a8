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

export type Verification = {
  /** Effective level now: "verified" only while inside the trust window. */
  level: VerificationLevel;
  method: string | null;
  verifiedAt: Date | null;
  trustedUntil: Date | null;
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

export type MergeResult = {
  id: string;
  survivorId: string;
  mergedId: string;
  moved: Record<string, number>;
};
