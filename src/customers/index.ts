export {
  createCustomersService,
  IdentityRaceError,
  type CustomersService,
  type ResolvedContact,
} from "./customers.service";
export { normalizeIdentity } from "./lib/normalize-identity";
export type {
  Customer,
  Identity,
  IdentityClaim,
  IdentityKind,
  MergeProposal,
  Verification,
} from "./customers.types";
export { IDENTITY_KINDS, VERIFICATION_METHODS } from "./customers.types";
