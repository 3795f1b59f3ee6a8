import { createTransport, type Transporter } from "nodemailer";
import type { Logger } from "../../core/logger";
import type { OutboundEnvelope } from "./email.types";

/** Where outbound mail goes: the configured relay, or the log when none is configured. */
export interface MailSender {
  /** Resolves once the relay accepted the mail; throws MailSendError otherwise. */
  send(mail: OutboundEnvelope): Promise<void>;
  close(): void;
}

/** `permanent`: the relay refused this mail for good (5xx); anything else is worth a retry. */
export class MailSendError extends Error {
  override name = "MailSendError";
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Sends through an SMTP relay (`smtp://user:pass@host:587`, `smtps://…:465`) with nodemailer. */
export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;

  constructor(relayUrl: string, options: { timeoutMs?: number } = {}) {
    const timeout = options.timeoutMs ?? 30_000;
    this.transport = createTransport({
      url: relayUrl,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(mail: OutboundEnvelope): Promise<void> {
    try {
      await this.transport.sendMail({
        from: { name: mail.fromName, address: mail.from },
        to: mail.to,
        replyTo: mail.replyTo,
        subject: mail.subject,
        text: mail.text,
        html: mail.html || undefined,
        messageId: mail.messageId,
        inReplyTo: mail.inReplyTo ?? undefined,
        references: mail.references.length ? mail.references : undefined,
        // Marks our replies as automatic (RFC 3834) so well-behaved auto-responders stay quiet.
        headers: { "Auto-Submitted": "auto-replied" },
      });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const permanent = typeof code === "number" && code >= 500 && code < 600;
      // The relay's status and code, never its full response: it may echo the recipient.
      throw new MailSendError(
        `relay ${permanent ? "refused" : "unavailable"}: ${code ?? (error as { code?: string }).code ?? "error"}`,
        permanent,
        { cause: error },
      );
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** No relay configured: outbound mail is recorded as sent and only its id is logged. */
export class LogMailSender implements MailSender {
  constructor(private readonly logger: Logger) {}

  async send(mail: OutboundEnvelope): Promise<void> {
    this.logger.info({ messageId: mail.messageId }, "email not sent: no SMTP_RELAY_URL configured");
  }

  close(): void {}
}
