import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestContext,
  createWorkspace,
  type TestContext,
  type WorkspaceFixture,
} from "../../../test/helpers";
import { SmtpMailSender } from "./mail-sender";
import { eventually, sendRaw, startMailSink, type MailSink } from "./test-support/mail-sink";

// The fixture corpus, each mail sent through a real SMTP client to the real listener, then
// threaded on a real database: every mail must land on its manifest's case, and a replay of
// the whole corpus must store nothing new.
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test/fixtures/email");
type Entry = {
  file: string;
  thread: string;
  as: "customer" | "staff" | "none";
  via?: string;
  duplicateOf?: string;
  attachments?: number;
  direction?: "outbound" | "internal";
  replyQueued?: boolean;
};
const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, "manifest.json"), "utf8")) as {
  fixtures: Entry[];
};
const STAFF_EMAIL = "olivia.staff@northwind.example";

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
  await t.services.auth.createUser(ws.workspaceId, {
    email: STAFF_EMAIL,
    name: "Olivia Reed",
    role: "agent",
    password: "correct horse battery staple 1",
  });
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

type Stored = {
  id: string;
  caseId: string;
  direction: string;
  externalId: string;
  thread: { as: string; via: string } | null;
};

async function storedMessage(id: string): Promise<Stored> {
  const [row] = await t.database.query<{
    id: string;
    case_id: string;
    direction: string;
    external_id: string;
    metadata: { email?: { thread?: Stored["thread"] } };
  }>(
    "SELECT id, case_id, direction, external_id, metadata FROM messages WHERE workspace_id = $1 AND id = $2",
    [ws.workspaceId, id],
  );
  if (!row) throw new Error(`message ${id} not stored`);
  return {
    id: row.id,
    caseId: row.case_id,
    direction: row.direction,
    externalId: row.external_id,
    thread: row.metadata.email?.thread ?? null,
  };
}

async function counts() {
  const q = async (sql: string) =>
    Number((await t.database.query<{ n: string }>(sql, [ws.workspaceId]))[0]?.n);
  return {
    messages: await q("SELECT count(*) AS n FROM messages WHERE workspace_id = $1"),
    attachments: await q("SELECT count(*) AS n FROM email_attachments WHERE workspace_id = $1"),
    outbound: await q("SELECT count(*) AS n FROM email_outbound WHERE workspace_id = $1"),
    cases: await q("SELECT count(*) AS n FROM cases WHERE workspace_id = $1"),
  };
}

/** Our replies on a case, oldest first, as the relay received them. */
async function ourMessageIds(caseId: string): Promise<string[]> {
  const rows = await t.services.email.outbound.outboundOfCase(ws.workspaceId, caseId);
  return rows.map((r) => `<${r.messageIdHeader}>`).reverse();
}

async function fill(template: string, caseOf: Map<string, string>): Promise<string> {
  let out = template.replaceAll("{{WS}}", domain);
  for (const match of [...out.matchAll(/\{\{(OUR|TOKEN|REF):([A-Z0-9]+)(?::(\d+))?\}\}/g)]) {
    const [placeholder, kind, thread = "", nth] = match;
    const caseId = caseOf.get(thread);
    if (!caseId) throw new Error(`${placeholder} names thread ${thread} before it exists`);
    let value: string;
    if (kind === "OUR") {
      const ids = await ourMessageIds(caseId);
      value = (nth ? ids[Number(nth) - 1] : ids.at(-1)) ?? "";
    } else {
      const token = await t.services.email.outbound.caseToken(ws.workspaceId, caseId);
      value = kind === "TOKEN" ? token.token : token.ref;
    }
    if (!value) throw new Error(`${placeholder} has no value yet`);
    out = out.replace(placeholder, value);
  }
  return out;
}

/** The envelope a mail server would use: our addresses among To and Cc, the From address. */
function envelopeOf(raw: string): { from: string; to: string[] } {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const field = (name: string) => unfolded.match(new RegExp(`^${name}:(.*)$`, "gim"))?.join(" ") ?? "";
  const ours = [...`${field("To")} ${field("Cc")}`.matchAll(/[A-Za-z0-9.+_-]+@[A-Za-z0-9.-]+/g)]
    .map((m) => m[0].toLowerCase())
    .filter((a) => a.endsWith(`@${domain}`));
  const from = field("From").match(/[A-Za-z0-9.+_-]+@[A-Za-z0-9.-]+/)?.[0] ?? "";
  return { from, to: [...new Set(ours)] };
}

const crlf = (text: string) => Buffer.from(text.replace(/\r?\n/g, "\r\n"), "latin1");

describe("email fixture corpus over SMTP", () => {
  const sent = new Map<string, Buffer>();
  const messageOf = new Map<string, string>();

  it(`has at least 40 real-shaped mails covering every threading case`, () => {
    expect(manifest.fixtures.length).toBeGreaterThanOrEqual(40);
    const vias = new Set(manifest.fixtures.map((f) => f.via));
    for (const via of ["in_reply_to", "references", "reply_token", "subject_ref"])
      expect(vias).toContain(via);
    expect(manifest.fixtures.some((f) => f.as === "staff")).toBe(true);
    expect(manifest.fixtures.filter((f) => f.duplicateOf).length).toBeGreaterThanOrEqual(5);
  });

  it("threads every fixture into its manifest's case (100 %)", async () => {
    const caseOf = new Map<string, string>();
    const wrong: string[] = [];
    for (const entry of manifest.fixtures) {
      // Latin-1 keeps every byte of 8-bit fixtures (invalid UTF-8 included) as it is on disk.
      const template = fs.readFileSync(path.join(FIXTURES, entry.file), "latin1");
      const raw = crlf(await fill(template, caseOf));
      sent.set(entry.file, raw);
      const before = await counts();
      const { response } = await sendRaw(smtpPort, raw, envelopeOf(raw.toString("latin1")));
      const id = /Stored as (msg_[0-9a-z]+)/.exec(response)?.[1];
      if (!id) {
        wrong.push(`${entry.file}: not stored (${response})`);
        continue;
      }
      messageOf.set(entry.file, id);
      const stored = await storedMessage(id);
      const after = await counts();
      const expectedCase = caseOf.get(entry.thread);
      const problems: string[] = [];
      if (expectedCase && stored.caseId !== expectedCase)
        problems.push(`case ${stored.caseId} ≠ thread ${entry.thread}'s ${expectedCase}`);
      if (!expectedCase && [...caseOf.values()].includes(stored.caseId))
        problems.push(`joined another thread's case`);
      if ((stored.thread?.as ?? "none") !== entry.as)
        problems.push(`as ${stored.thread?.as ?? "none"} ≠ ${entry.as}`);
      if (entry.via && stored.thread?.via !== entry.via)
        problems.push(`via ${stored.thread?.via} ≠ ${entry.via}`);
      if (entry.duplicateOf) {
        if (id !== messageOf.get(entry.duplicateOf)) problems.push(`duplicate stored as a new message`);
        if (after.messages !== before.messages) problems.push(`duplicate added messages`);
      }
      if (entry.attachments !== undefined && after.attachments - before.attachments !== entry.attachments)
        problems.push(`${after.attachments - before.attachments} attachments ≠ ${entry.attachments}`);
      if (entry.direction && stored.direction !== entry.direction)
        problems.push(`direction ${stored.direction} ≠ ${entry.direction}`);
      if (entry.replyQueued === false && after.outbound !== before.outbound)
        problems.push(`an automated mail was answered`);
      if (problems.length) wrong.push(`${entry.file}: ${problems.join("; ")}`);
      if (!expectedCase) caseOf.set(entry.thread, stored.caseId);
    }
    const threads = new Set(manifest.fixtures.map((f) => f.thread));
    expect(new Set(caseOf.values()).size).toBe(threads.size);
    expect(wrong).toEqual([]);
  });

  it("stores nothing new when the whole corpus is delivered again", async () => {
    expect(sent.size).toBe(manifest.fixtures.length);
    const before = await counts();
    for (const entry of manifest.fixtures) {
      const raw = sent.get(entry.file);
      if (!raw) throw new Error(`${entry.file} was not sent`);
      const { response } = await sendRaw(smtpPort, raw, envelopeOf(raw.toString("latin1")));
      expect(response, entry.file).toContain(messageOf.get(entry.duplicateOf ?? entry.file));
    }
    expect(await counts()).toEqual(before);
  });

  it("keeps HTML as given, decodes charsets, marks bad bytes and strips quotes", async () => {
    const html = await storedMessage(messageOf.get("h01-html-only-with-script.eml") ?? "");
    const [row] = await t.database.query<{ body: string; metadata: { email: { html: string } } }>(
      "SELECT body, metadata FROM messages WHERE id = $1",
      [html.id],
    );
    expect(row?.metadata.email.html).toContain("<script>alert('x')</script>");
    expect(row?.body).toMatch(/Boston/);
    const bodyOf = async (file: string) =>
      (
        await t.database.query<{ body: string }>("SELECT body FROM messages WHERE id = $1", [
          messageOf.get(file),
        ])
      )[0]?.body ?? "";
    expect(await bodyOf("b01-outlook-new-windows-1252.eml")).toContain("Größe passt nicht");
    expect(await bodyOf("i01-koi8-r-base64.eml")).toContain("Где мой заказ 1004");
    expect(await bodyOf("j01-iso-2022-jp.eml")).toContain("注文1005");
    expect(await bodyOf("i02-invalid-utf8-reply.eml")).toContain("\uFFFD");
    expect(await bodyOf("a02-gmail-reply-in-reply-to.eml")).toBe(
      "It's order 1002 and my postal code is 10012.",
    );
    expect(await bodyOf("b02-outlook-reply-german-header-block.eml")).toBe(
      "Die Bestellnummer ist 2002, PLZ 02108.",
    );
    expect(await bodyOf("d01-forward-carrier-notice.eml")).toContain("address incomplete");
  });

  it("answers only the sender, never CC'd people, and tells a stranger nothing of another case", async () => {
    await eventually(() => (sink.received.length >= 10 ? true : undefined));
    for (const { rcptTo } of sink.received) expect(rcptTo).toHaveLength(1);
    expect(
      sink.received.some(
        (r) => r.rcptTo.includes("greta.weber@example.org") && /Jörg|2002/.test(r.mail.text ?? ""),
      ),
    ).toBe(false);
    const toFiona = await eventually(() => {
      const found = sink.received.filter((r) => r.rcptTo.includes("fiona.clarke@example.net"));
      return found.length >= 2 ? found : undefined;
    });
    for (const mail of toFiona) expect(mail.mail.text ?? "").not.toMatch(/Maya|1002|10012/);
  });
});
