import { AppError, notFound } from "../core/errors";

export const caseNotFound = () => notFound("CASES_NOT_FOUND", "case not found");
export const messageDuplicate = (messageId: string) =>
  new AppError("conflict", "CASES_MESSAGE_DUPLICATE", "message already received", { details: { messageId } });
