import { AppError, conflict, invalid, notFound } from "../core/errors";

export const customerNotFound = () => notFound("CUSTOMERS_NOT_FOUND", "customer not found");
export const identityNotFound = () => notFound("CUSTOMERS_IDENTITY_NOT_FOUND", "identity not found");
export const proposalNotFound = () =>
  notFound("CUSTOMERS_MERGE_PROPOSAL_NOT_FOUND", "merge proposal not found");
export const mergeIntoSelf = () =>
  invalid("CUSTOMERS_MERGE_SELF", "mergedId", "a customer cannot be merged into itself");
export const alreadyMerged = (id: string) =>
  conflict("CUSTOMERS_ALREADY_MERGED", `customer ${id} was already merged into another customer`);
export const identityOwnedByOther = (proposalId: string, otherCustomerId: string) =>
  new AppError(
    "conflict",
    "CUSTOMERS_IDENTITY_CONFLICT",
    "identity belongs to another customer; a merge was proposed",
    {
      field: "value",
      details: { mergeProposalId: proposalId, otherCustomerId },
    },
  );
export const identityTaken = (field: string, otherCustomerId: string) =>
  conflict("CUSTOMERS_IDENTITY_TAKEN", "identity already belongs to another customer", {
    field,
    details: { otherCustomerId },
  });
export const mergeNotFound = () => notFound("CUSTOMERS_MERGE_NOT_FOUND", "merge not found");
export const mergeAlreadyReverted = () =>
  conflict("CUSTOMERS_MERGE_ALREADY_REVERTED", "this merge was already reverted");
export const mergeRevertBlocked = (id: string) =>
  conflict(
    "CUSTOMERS_MERGE_REVERT_BLOCKED",
    `customer ${id} was merged again since; revert that merge first`,
  );
