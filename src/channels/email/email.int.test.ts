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
import { SmtpMailSender } from "./mail-sender";
import { eventually, sendRaw, startMailSink, type MailSink } from "./test-support/mail-sink";

// The email channel end to end: a real SMTP client to our listener, our replies to a local
// SMTP server standing in for the retailer's relay, and a reply to those threading back.
let t: TestContext;
let ws: WorkspaceFixture;
let sink: MailSink;
let smtpPort: number;
let domain: string;

beforeAll(async () => {
  t = await createTestContext();
  await t.services.agent.warmUp();
  ws = await createWorkspace(t.services, "Northwind Outfitters");
  domain = `${ws.slug}.${t.services.email.settings.inboundDomain}`;
  sink = await startMailSink();
  const started = await t.services.email.start({
    sender: new SmtpMailSender(sink.url),
    listen: { host: "127.0.0.1", port: 0 },
    deliveryIntervalMs: 50,
  });
  smtpPort = started.smtpPort ?? 0;
});
afterAll(async () => {
  await t?.services.email.stop();
  await sink?.close();
  await t?.close();
});

let serial = 0;
function mail(from: string, headers: Record<string, string>, body: string): string {
  serial += 1;
  const lines = {
    From: from,
    To: `support@${domain}`,
    Subject: "Question",
    Date: new Date(Date.UTC(2026, 2, 1, 12, serial)).toUTCString(),
    "Message-ID": `<test-${serial}-${Math.random().toString(36).slice(2)}@client.example>`,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=utf-8",
    ...headers,
  };
  return `${Object.entries(lines)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n")}\r\n\r\n${body.replace(/\r?\n/g, "\r\n")}\r\n`;
}

const send = (raw: string, from: string, to = [`support@${domain}`], port = smtpPort) =>
  sendRaw(port, raw, { from, to });
const storedId = (response: string) => /Stored as (msg_[0-9a-z]+)/.exec(response)?.[1] ?? "";
async function caseOfMessage(id: string): Promise<string> {
  const [row] = await t.database.query<{ case_id: string }>("SELECT case_id FROM messages WHERE id = $1", [
    id,
  ]);
  return row?.case_id ?? "";
}
const receivedBy = (address: string) => sink.received.filter((r) => r.rcptTo.includes(address));

describe("email: our replies and replies to them", () => {
  it("sends the AI's reply through the relay with full threading headers, and a reply to it continues the case", async () => {
    const customer = uniqueEmail("maya");
    const first = mail(
      `Maya Lopez <${customer}>`,
      { Subject: "What are your store hours?" },
      "Hello, when is the Boston store open on Saturday?",
    );
    const firstId = first.match(/Message-ID: <([^>]+)>/)?.[1];
    const caseId = await caseOfMessage(storedId((await send(first, customer)).response));

    // 1. The reply reaches the relay as an email: greeting, full sentences, sign-off.
    const [reply] = await eventually(() => (receivedBy(customer).length ? receivedBy(customer) : undefined));
    const headers = reply!.mail;
    const token = await t.services.email.outbound.caseToken(ws.workspaceId, caseId);
    expect(headers.from?.value[0]?.address).toBe(`support@${domain}`);
    expect(headers.replyTo?.value[0]?.address).toBe(`reply+${token.token}@${domain}`);
    expect(headers.subject).toBe(`Re: What are your store hours? [#TL-${token.ref}]`);
    expect(headers.inReplyTo).toBe(`<${firstId}>`);
    expect([headers.references].flat()).toContain(`<${firstId}>`);
    expect(headers.messageId).toMatch(new RegExp(`@${domain.replace(/\./g, "\\.")}>$`));
    expect(headers.headers.get("auto-submitted")).toBe("auto-replied");
    expect(headers.text).toMatch(/^Hello Maya,\n\n/);
    expect(headers.text).toMatch(/Kind regards,\nNorthwind Outfitters customer support/);

    // 2. The customer answers that mail from a client that keeps only In-Reply-To (no token, no code).
    const answer = mail(
      customer,
      { Subject: "Re: hours", "In-Reply-To": headers.messageId ?? "" },
      "And on Sunday?",
    );
    const answerId = storedId((await send(answer, customer)).response);
    expect(await caseOfMessage(answerId)).toBe(caseId);
    const [meta] = await t.database.query<{ metadata: { email: { thread: { via: string } } } }>(
      "SELECT metadata FROM messages WHERE id = $1",
      [answerId],
    );
    expect(meta?.metadata.email.thread.via).toBe("in_reply_to");

    // 3. The second reply references the whole thread.
    const replies = await eventually(() =>
      receivedBy(customer).length >= 2 ? receivedBy(customer) : undefined,
    );
    const second = replies[1]!.mail;
    expect([second.references].flat()).toEqual(expect.arrayContaining([`<${firstId}>`, headers.messageId]));
  });

  it("emails a staff reply written in the workspace on an email case", async () => {
    const customer = uniqueEmail("jonas");
    const caseId = await caseOfMessage(
      storedId((await send(mail(customer, {}, "I want to talk to a person please"), customer)).response),
    );
    await eventually(() => (receivedBy(customer).length ? true : undefined));
    const posted = await t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${caseId}/messages`,
      headers: ws.headers,
      payload: { body: "Hi, this is Olivia from the team. I have refunded the shipping.", channel: "email" },
    });
    expect(posted.statusCode).toBe(201);
    const staffMail = await eventually(() =>
      receivedBy(customer).find((r) => r.mail.text?.includes("refunded the shipping")),
    );
    expect(staffMail.mail.text).toMatch(/^Hello/);
    expect(staffMail.mail.inReplyTo).toBeTruthy();
  });
});

describe("email: a relay that is down", () => {
  it("keeps the mail queued while the relay is unavailable and sends it once when it is back", async () => {
    const customer = uniqueEmail("kai");
    const main = t.services.email;
    await main.stop();
    const fast = secondChannel({ ...DEFAULT_EMAIL_SETTINGS, retryBaseMs: 100 });
    const { smtpPort: port } = await fast.start({
      sender: new SmtpMailSender(sink.url, { timeoutMs: 2_000 }),
      listen: { host: "127.0.0.1", port: 0 },
      deliveryIntervalMs: 50,
    });
    sink.setMode("down");
    try {
      const caseId = await caseOfMessage(
        storedId(
          (
            await send(
              mail(customer, {}, "Which payment methods do you accept?"),
              customer,
              undefined,
              port ?? 0,
            )
          ).response,
        ),
      );
      // 1. Attempts fail with 421 and the row stays pending, never lost.
      const retried = await eventually(async () => {
        const [row] = await fast.outbound.outboundOfCase(ws.workspaceId, caseId);
        return row && row.attempts >= 2 && row.status === "pending" ? row : undefined;
      }, 30_000);
      expect(retried.lastError).toMatch(/unavailable/);
      expect(receivedBy(customer)).toHaveLength(0);
      sink.setMode("accept");
      // 2. Back up: delivered exactly once, and marked sent.
      await eventually(() => (receivedBy(customer).length ? true : undefined), 30_000);
      const [row] = await fast.outbound.outboundOfCase(ws.workspaceId, caseId);
      expect(row?.status).toBe("sent");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receivedBy(customer)).toHaveLength(1);
    } finally {
      sink.setMode("accept");
      await fast.stop();
      smtpPort =
        (
          await main.start({
            sender: new SmtpMailSender(sink.url),
            listen: { host: "127.0.0.1", port: 0 },
            deliveryIntervalMs: 50,
          })
        ).smtpPort ?? 0;
    }
  });

  it("marks a mail the relay refuses for good as failed without retrying it", async () => {
    const customer = uniqueEmail("refused");
    sink.setMode("refuse");
    try {
      const caseId = await caseOfMessage(
        storedId((await send(mail(customer, {}, "Do you ship to Canada?"), customer)).response),
      );
      const failed = await eventually(async () => {
        const [row] = await t.services.email.outbound.outboundOfCase(ws.workspaceId, caseId);
        return row?.status === "failed" ? row : undefined;
      });
      expect(failed.attempts).toBe(1);
    } finally {
      sink.setMode("accept");
    }
  });

  it("sends each queued mail once when two workers drain the queue at the same time", async () => {
    const main = t.services.email;
    await main.stop();
    // 1. A listener without a worker: replies are queued, nobody sends them yet.
    const listener = secondChannel();
    const { smtpPort: port } = await listener.start({ listen: { host: "127.0.0.1", port: 0 } });
    const senderA = new SmtpMailSender(sink.url);
    const senderB = new SmtpMailSender(sink.url);
    const customers = [uniqueEmail("p"), uniqueEmail("q"), uniqueEmail("r")];
    try {
      for (const c of customers)
        await send(mail(c, {}, "Where is your nearest store?"), c, undefined, port ?? 0);
      expect(customers.flatMap(receivedBy)).toHaveLength(0);
      // 2. Two workers (as on two nodes) drain the same queue at once.
      const [a, b] = await Promise.all([
        main.outbound.deliverDue(senderA),
        listener.outbound.deliverDue(senderB),
      ]);
      expect(a + b).toBe(customers.length);
      for (const c of customers) expect(receivedBy(c)).toHaveLength(1);
    } finally {
      await listener.stop();
      senderA.close();
      senderB.close();
      const restarted = await main.start({
        sender: new SmtpMailSender(sink.url),
        listen: { host: "127.0.0.1", port: 0 },
        deliveryIntervalMs: 50,
      });
      smtpPort = restarted.smtpPort ?? 0;
    }
  });
});

function secondChannel(settings = DEFAULT_EMAIL_SETTINGS): EmailChannel {
  const s = t.services;
  return createEmailChannel({
    db: s.db,
    clock: s.clock,
    events: s.events,
    settings,
    workspaces: s.workspaces,
    cases: s.cases,
    customers: s.customers,
    staff: s.auth,
    agent: s.agent,
    ingest: s.ingest,
  });
}
