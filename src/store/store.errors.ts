import { invalid, notFound } from "../core/errors";

export const storeUnknown = () => invalid("STORE_UNKNOWN", "storeId", "no store with this code in the store directory");
export const storeCaseNotFound = () => notFound("STORE_CASE_NOT_FOUND", "case not found for this customer");
