import { AppError } from "../../core/errors";

// SMTP answers these with a permanent 5xx naming the problem; nothing of the mail is stored.
export const recipientUnknown = () =>
  new AppError(
    "invalid",
    "EMAIL_RECIPIENT_UNKNOWN",
    "recipient is not a Throughline address (relaying denied)",
    {
      field: "rcptTo",
    },
  );

export const tooManyRecipients = (max: number) =>
  new AppError("too_large", "EMAIL_TOO_MANY_RECIPIENTS", `more than ${max} recipients`, { field: "rcptTo" });

export const messageTooLarge = (max: number) =>
  new AppError("too_large", "EMAIL_TOO_LARGE", `message is larger than ${max} bytes`, { field: "message" });

export const tooManyAttachments = (max: number) =>
  new AppError("too_large", "EMAIL_TOO_MANY_ATTACHMENTS", `more than ${max} attachments`, {
    field: "attachments",
  });

export const attachmentTooLarge = (max: number) =>
  new AppError("too_large", "EMAIL_ATTACHMENT_TOO_LARGE", `an attachment is larger than ${max} bytes`, {
    field: "attachments",
  });

export const senderMissing = () =>
  new AppError("invalid", "EMAIL_SENDER_MISSING", "the mail has no usable From address", { field: "from" });
