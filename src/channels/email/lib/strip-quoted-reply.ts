import EmailReplyParser from "email-reply-parser";

// The parser's patterns are line-based; past this size a body is a document, not a reply.
const MAX_PARSED_CHARS = 100_000;

/**
 * What the sender wrote this time: quoted history ("On … wrote:", Outlook's "From:/Sent:"
 * block, "> " lines) and signatures ("-- ", "Sent from my iPhone") removed. A mail that is all
 * quote (or that the parser empties) keeps its full text, so nothing the sender wrote is lost.
 */
export function stripQuotedReply(text: string): string {
  const normalised = text.replace(/\r\n?/g, "\n");
  if (normalised.length > MAX_PARSED_CHARS) return normalised.trim();
  const visible = new EmailReplyParser().read(normalised).getVisibleText().trim();
  return visible || normalised.trim();
}
