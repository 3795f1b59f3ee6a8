import type { Config } from "../../core/config";

/** What the email channel needs to know; read from SMTP_* at boot, given directly by tests. */
export type EmailSettings = {
  /** Workspace addresses are `<anything>@<slug>.<inboundDomain>`. */
  inboundDomain: string;
  maxMessageBytes: number;
  maxAttachments: number;
  maxAttachmentBytes: number;
  maxRecipients: number;
  /** First retry after a relay failure; each further one waits twice as long (at most 30 minutes). */
  retryBaseMs: number;
  /** Attempts before a mail the relay keeps refusing is marked failed. */
  maxAttempts: number;
};

export const DEFAULT_EMAIL_SETTINGS: EmailSettings = {
  inboundDomain: "mail.localhost",
  maxMessageBytes: 10 * 1024 * 1024,
  maxAttachments: 10,
  maxAttachmentBytes: 5 * 1024 * 1024,
  maxRecipients: 20,
  retryBaseMs: 5_000,
  maxAttempts: 20,
};

export type EmailConfig = Pick<
  Config,
  | "SMTP_ENABLED"
  | "SMTP_HOST"
  | "SMTP_PORT"
  | "SMTP_INBOUND_DOMAIN"
  | "SMTP_MAX_MESSAGE_BYTES"
  | "SMTP_MAX_ATTACHMENTS"
  | "SMTP_MAX_ATTACHMENT_BYTES"
  | "SMTP_RELAY_URL"
>;

export function emailSettingsFromConfig(config: Partial<EmailConfig>): EmailSettings {
  return {
    ...DEFAULT_EMAIL_SETTINGS,
    inboundDomain: config.SMTP_INBOUND_DOMAIN ?? DEFAULT_EMAIL_SETTINGS.inboundDomain,
    maxMessageBytes: config.SMTP_MAX_MESSAGE_BYTES ?? DEFAULT_EMAIL_SETTINGS.maxMessageBytes,
    maxAttachments: config.SMTP_MAX_ATTACHMENTS ?? DEFAULT_EMAIL_SETTINGS.maxAttachments,
    maxAttachmentBytes: config.SMTP_MAX_ATTACHMENT_BYTES ?? DEFAULT_EMAIL_SETTINGS.maxAttachmentBytes,
  };
}
