export { createEmailChannel, type EmailChannel } from "./email.channel";
export { DEFAULT_EMAIL_SETTINGS, emailSettingsFromConfig, type EmailSettings } from "./email.config";
export { LogMailSender, MailSendError, SmtpMailSender, type MailSender } from "./mail-sender";
export type { InboundOutcome, OutboundEnvelope } from "./email.types";
export { emailCodeDelivery, registerEmailCodeSender } from "./email-code-delivery";
