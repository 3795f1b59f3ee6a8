import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { createTransport } from "nodemailer";
import { SMTPServer } from "smtp-server";

export type SinkMode = "accept" | "down" | "refuse";

/**
 * A local SMTP server standing in for the retailer's relay: it speaks real SMTP and keeps
 * what it receives. `down` answers every connection 421 (temporarily unavailable), `refuse`
 * answers every mail 550.
 */
export async function startMailSink() {
  const received: { raw: Buffer; mail: ParsedMail; rcptTo: string[] }[] = [];
  let mode: SinkMode = "accept";
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onConnect(_session, callback) {
      if (mode === "down") callback(Object.assign(new Error("Service not available"), { responseCode: 421 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (mode === "refuse") {
          callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (mail) => {
            received.push({ raw, mail, rcptTo: session.envelope.rcptTo.map((r) => r.address) });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    setMode(next: SinkMode) {
      mode = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type MailSink = Awaited<ReturnType<typeof startMailSink>>;

/** Sends raw RFC 5322 bytes through real SMTP, as a sending mail server would. */
export async function sendRaw(
  port: number,
  raw: Buffer | string,
  envelope: { from: string; to: string[] },
): Promise<{ response: string; rejected: string[] }> {
  const transport = createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, "utf8");
    const info = await transport.sendMail({ envelope, raw: bytes });
    return { response: String(info.response), rejected: (info.rejected as string[] | undefined) ?? [] };
  } finally {
    transport.close();
  }
}

/** Resolves once `check` returns a value, polling the sink (delivery runs on a worker). */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
