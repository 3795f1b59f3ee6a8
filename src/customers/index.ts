export {
  createCustomersService,
  IdentityRaceError,
  type CustomersService,
  type ResolvedContact,
} from "./customers.service";
export { normalizeIdentity } from "./lib/normalize-identity";
export { contactVerification } from "./lib/contact-verification";
export type {
  ContactVerification,
  ConversationProof,
  Customer,
  Identity,
  IdentityClaim,
  IdentityKind,
  MergeProposal,
  Verification,
  VerificationMethod,
} from "./customers.types";
export { IDENTITY_KINDS, VERIFICATION_METHODS } from "./customers.types";
export { createOneTimeCodes, CODE_POLICY, type OneTimeCodes, type CodeSendOutcome, type CodeCheckOutcome } from "./one-time-codes.service";
export {
  EmailCodeSender,
  SmsCodeSender,
  verificationDeliveryQueue,
  type CodeSender,
  type OutboundQueue,
} from "./code-sender";
export {
  createVerificationLimits,
  orderSubject,
  FAILURE_LIMITS,
  type FailureSubject,
  type VerificationLimits,
} from "./verification-limits.service";
export type { OrderOwner, OrderOwnerLink } from "./order-owner-link.service";
export { codeDestination } from "./lib/code-destination";
export { maskIdentity } from "./lib/mask-identity";
