/** A mail as the adapter reads it: parsed, decoded, never trusted. */
export type InboundMail = {
  /** Normalised (no angle brackets, lower-case); null when the mail carries none. */
  messageId: string | null;
  inReplyTo: string[];
  /** Oldest first, as the header lists them. */
  references: string[];
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  date: Date | null;
  /** The plain-text body (from the text part, or the HTML part rendered as text). */
  text: string;
  /** The HTML part exactly as sent; rendered escaped wherever it is shown. */
  html: string | null;
  attachments: MailAttachment[];
  /** An auto-reply, bounce or list mail: stored, never answered (mail loops). */
  automated: boolean;
};

export type MailAddress = { address: string; name: string };

export type MailAttachment = {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
};

export type SmtpEnvelope = {
  mailFrom: string | null;
  rcptTo: string[];
};

export const OUTBOUND_STATUSES = ["pending", "sending", "sent", "failed", "external"] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/** Everything the relay needs, stored with the queued row so a retry sends the same bytes. */
export type OutboundEnvelope = {
  from: string;
  fromName: string;
  to: string;
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  /** With angle brackets, as it goes in the header. */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
};

/** What became of one delivered mail in one workspace. */
export type InboundOutcome = {
  workspaceId: string;
  caseId: string;
  messageId: string;
  /** Who the thread headers let it join as; `none` when it opened or continued a case by the usual rules. */
  threadedAs: "customer" | "staff" | "none";
  threadedVia: ThreadLinkKind | null;
  duplicate: boolean;
  replyQueued: boolean;
};

export const THREAD_LINK_KINDS = ["reply_token", "in_reply_to", "references", "subject_ref"] as const;
export type ThreadLinkKind = (typeof THREAD_LINK_KINDS)[number];
