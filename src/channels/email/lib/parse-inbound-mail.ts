import { createHash } from "node:crypto";
import { simpleParser, type AddressObject, type HeaderValue } from "mailparser";
import type { InboundMail, MailAddress } from "../email.types";
import { parseMessageIds } from "./message-ids";

/**
 * Parses a raw RFC 5322 message: MIME structure, transfer encodings (quoted-printable, base64)
 * and charsets (ISO-8859-x, Windows-125x, Shift_JIS…) are mailparser's job. Bytes that are not
 * valid in the declared charset come out as U+FFFD; NUL, which PostgreSQL text cannot hold,
 * does too.
 */
export async function parseInboundMail(raw: Buffer): Promise<InboundMail> {
  const parsed = await simpleParser(raw, {
    // Inline images stay as cid: links; inlining them as data: URIs would multiply the stored HTML.
    keepCidLinks: true,
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  const header = (name: string) => parsed.headers.get(name);
  const html = typeof parsed.html === "string" ? clean(parsed.html) : null;
  return {
    messageId: parseMessageIds(parsed.messageId)[0] ?? null,
    inReplyTo: parseMessageIds(headerText(header("in-reply-to"))),
    references: parseMessageIds(parsed.references),
    from: addresses(parsed.from)[0] ?? null,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: clean(parsed.subject ?? "").slice(0, 998),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    text: clean(parsed.text ?? ""),
    html,
    attachments: parsed.attachments
      // An inline image referenced by the HTML is part of the layout, not something the customer sent us.
      .filter((a) => !(a.related && a.contentDisposition === "inline" && a.contentType.startsWith("image/")))
      .map((a) => ({
        filename: clean(a.filename ?? "attachment").slice(0, 255) || "attachment",
        contentType: a.contentType.toLowerCase().slice(0, 200),
        size: a.content.length,
        sha256: createHash("sha256").update(a.content).digest("hex"),
        content: a.content,
      })),
    automated: isAutomated(header),
  };
}

/**
 * RFC 3834 auto-replies, bounces and list traffic: answering them is how two robots end up
 * writing to each other forever.
 */
function isAutomated(header: (name: string) => HeaderValue | undefined): boolean {
  const auto = headerText(header("auto-submitted")).toLowerCase();
  if (auto && auto !== "no") return true;
  const precedence = headerText(header("precedence")).toLowerCase();
  if (["bulk", "junk", "list", "auto_reply"].includes(precedence)) return true;
  return Boolean(header("x-autoreply") || header("x-autorespond") || header("list-id"));
}

function headerText(value: HeaderValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : "")).join(" ");
  if (typeof value === "object" && "value" in value && typeof value.value === "string") return value.value;
  return "";
}

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const out: MailAddress[] = [];
  const visit = (entries: AddressObject["value"]) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address && /^[^@\s]+@[^@\s]+$/.test(entry.address))
        out.push({ address: entry.address.toLowerCase(), name: clean(entry.name ?? "").slice(0, 200) });
    }
  };
  for (const object of objects) visit(object.value);
  return out;
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what must go
const NUL = /\u0000/g;
function clean(text: string): string {
  return text.replace(NUL, "\uFFFD");
}
