import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import { isAppError } from "../../core/errors";
import type { Logger } from "../../core/logger";
import type { EmailSettings } from "./email.config";
import type { EmailInbound } from "./email-inbound.service";
import { messageTooLarge, tooManyRecipients } from "./email.errors";

export type SmtpListener = { port: number; close(): Promise<void> };

type SmtpError = Error & { responseCode?: number };

/**
 * The inbound SMTP listener (an MX or a forwarding target, not a submission server): no AUTH,
 * recipients outside our workspaces refused at RCPT, so it relays nothing. A mail is answered
 * 250 only once it is stored; a failure on our side answers 451 so the sending server retries.
 */
export async function startSmtpListener(options: {
  inbound: EmailInbound;
  settings: EmailSettings;
  host: string;
  port: number;
  logger?: Logger;
}): Promise<SmtpListener> {
  const { inbound, settings, logger } = options;
  const server = new SMTPServer({
    name: settings.inboundDomain,
    banner: "Throughline",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: settings.maxMessageBytes,
    maxClients: 200,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= settings.maxRecipients) {
        callback(smtpError(tooManyRecipients(settings.maxRecipients)));
        return;
      }
      inbound.acceptRecipient(address.address).then(
        () => callback(),
        (error: unknown) => callback(smtpError(error)),
      );
    },
    onData(stream, session, callback) {
      readAll(stream, settings.maxMessageBytes)
        .then((raw) => {
          if (!raw) throw messageTooLarge(settings.maxMessageBytes);
          return inbound.receive(raw, {
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
          });
        })
        .then(
          (outcomes) => callback(null, `Stored as ${outcomes.map((o) => o.messageId).join(", ")}`),
          (error: unknown) => {
            const answer = smtpError(error);
            if ((answer.responseCode ?? 0) >= 500)
              logger?.info({ code: answer.message }, "inbound mail refused");
            else logger?.error({ err: error }, "inbound mail not stored; the sender will retry");
            callback(answer);
          },
        );
    },
  });
  server.on("error", (error) => logger?.error({ err: error }, "SMTP listener error"));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once("error", onError);
    server.listen(options.port, options.host, () => {
      server.server.off("error", onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The body, or null once it passed the limit (the rest is drained so the client hears our answer). */
async function readAll(stream: SMTPServerDataStream, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size <= max) chunks.push(chunk as Buffer);
  }
  return stream.sizeExceeded || size > max ? null : Buffer.concat(chunks);
}

/** Our refusals become permanent 5xx answers naming the problem; anything else is temporary. */
function smtpError(error: unknown): SmtpError {
  if (isAppError(error)) {
    const code =
      error.code === "EMAIL_RECIPIENT_UNKNOWN"
        ? 550
        : error.kind === "too_large"
          ? error.code === "EMAIL_TOO_MANY_RECIPIENTS"
            ? 452
            : 552
          : error.kind === "invalid"
            ? 550
            : 451;
    return Object.assign(new Error(`${error.code}: ${error.message}`), { responseCode: code });
  }
  return Object.assign(new Error("Temporary failure, try again later"), { responseCode: 451 });
}
