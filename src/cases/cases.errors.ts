import { AppError, notFound, unprocessable } from "../core/errors";

export const caseNotFound = () => notFound("CASES_NOT_FOUND", "case not found");
export const messageDuplicate = (messageId: string) =>
  new AppError("conflict", "CASES_MESSAGE_DUPLICATE", "message already received", { details: { messageId } });
export const assigneeUnknown = () =>
  unprocessable(
    "CASES_ASSIGNEE_UNKNOWN",
    "assigneeId",
    "assigneeId: no active staff user with this id in this workspace",
  );
export const replyChannelUnreachable = (channel: string) =>
  unprocessable(
    "CASES_CHANNEL_UNREACHABLE",
    "channel",
    `channel: the customer has no ${channel} contact and this case was never on ${channel}`,
  );
