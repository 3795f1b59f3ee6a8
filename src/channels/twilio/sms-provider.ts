import type { TwilioCredentials } from "./twilio.types";

export type OutboundSms = {
  /** E.164, or `whatsapp:+…` for WhatsApp. */
  from: string;
  to: string;
  body: string;
  /** Where the provider reports delivery (queued → sent → delivered / failed). */
  statusCallback?: string;
};

/**
 * Sends a text message through a provider's outbound API. Implementations throw ProviderError
 * classified as temporary, permanent or auth.
 */
export interface SmsProvider {
  send(account: TwilioCredentials, message: OutboundSms): Promise<{ sid: string; status: string }>;
}
