import { AppError, forbidden, notFound, unprocessable } from "../../core/errors";

export const signatureInvalid = () =>
  forbidden(
    "CHANNEL_SIGNATURE_INVALID",
    "X-Twilio-Signature is missing or does not match this request, or the channel is not configured",
  );

export const twilioAccountNotFound = () =>
  notFound("CHANNEL_TWILIO_NOT_CONFIGURED", "no Twilio account is configured for this workspace");

export const authTokenRequired = () =>
  new AppError("invalid", "CHANNEL_TWILIO_TOKEN_REQUIRED", "authToken: required when the account is first set", {
    field: "authToken",
  });

export const smsNotConfigured = (channel: string) =>
  unprocessable(
    "CHANNEL_TWILIO_NOT_CONFIGURED",
    "channel",
    `channel: ${channel} replies need a Twilio account in this workspace (PUT /workspace/channels/twilio)`,
  );

export const smsNoRoute = (channel: string) =>
  unprocessable(
    "CHANNEL_SMS_NO_ROUTE",
    "channel",
    `channel: no ${channel} number to reply from or to (the workspace has no phone number, or the customer none on file)`,
  );

export const PROVIDER_FAILURES = ["temporary", "permanent", "auth"] as const;
export type ProviderFailure = (typeof PROVIDER_FAILURES)[number];

/**
 * The provider refused or could not be reached. `failure` says what to do: retry later
 * (temporary), give up on this message (permanent), or fix the account's credentials (auth).
 * Status and the provider's own error code stay in `cause` for the log.
 */
export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    readonly detail: { status?: number; code?: number | string } = {},
  ) {
    super(message);
  }
}

/** Classifies an HTTP status from the provider's REST API. */
export function failureOfStatus(status: number): ProviderFailure {
  if (status === 401 || status === 403) return "auth";
  if (status === 408 || status === 429 || status >= 500) return "temporary";
  return "permanent";
}
