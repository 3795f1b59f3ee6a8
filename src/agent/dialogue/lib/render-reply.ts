import type { ReplyLine } from "../dialogue.types";

export const CONCISE_CHANNELS: ReadonlySet<string> = new Set(["sms", "whatsapp", "voice", "mobile"]);

const MAX_CONCISE = 320;

/**
 * Renders reply lines in the channel's style: SMS, WhatsApp, voice and the mobile app get the
 * essential lines only, as plain sentences; web chat, email and the API get the detail too.
 */
export function renderReply(lines: ReplyLine[], channel: string): string {
  if (!CONCISE_CHANNELS.has(channel)) {
    return lines
      .map((l) => l.text.trim())
      .filter(Boolean)
      .join("\n");
  }
  const essential = lines.filter((l) => !l.detail).map((l) => plain(l.text, channel));
  let out = "";
  for (const sentence of essential) {
    const next = out ? `${out} ${sentence}` : sentence;
    if (next.length > MAX_CONCISE && out) break;
    out = next;
  }
  return out.length > MAX_CONCISE ? `${out.slice(0, MAX_CONCISE - 1).trimEnd()}…` : out;
}

function plain(text: string, channel: string): string {
  let t = text.replace(/^\s*[-•*]\s+/gm, "").replace(/\s*\n\s*/g, "; ").trim();
  if (channel === "voice") t = t.replace(/https?:\/\/\S+/g, "the link we sent by email");
  return t;
}
