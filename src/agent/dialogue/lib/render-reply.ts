import type { ReplyLine } from "../dialogue.types";
import { plainSentences } from "./plain-sentences";

export const CONCISE_CHANNELS: ReadonlySet<string> = new Set(["sms", "whatsapp", "voice", "mobile"]);

const MAX_CONCISE = 320;

/**
 * Renders reply lines in the channel's style: SMS, WhatsApp, voice and the mobile app get the
 * essential lines only, as plain sentences cut at a sentence boundary; web chat, email and the
 * API get the detail too.
 */
export function renderReply(lines: ReplyLine[], channel: string): string {
  if (!CONCISE_CHANNELS.has(channel)) {
    return lines
      .map((l) => l.text.trim())
      .filter(Boolean)
      .join("\n");
  }
  const spoken = channel === "voice";
  const sentences = lines.filter((l) => !l.detail).flatMap((l) => plainSentences(l.text, { spoken }));
  return fitSentences(sentences, MAX_CONCISE);
}

/** As many whole sentences as fit; a single sentence longer than the limit ends at a word. */
function fitSentences(sentences: string[], max: number): string {
  let out = "";
  for (const sentence of sentences) {
    const next = out ? `${out} ${sentence}` : sentence;
    if (next.length > max) break;
    out = next;
  }
  if (out || !sentences[0]) return out;
  const cut = sentences[0].slice(0, max);
  const atWord = cut.slice(0, Math.max(cut.lastIndexOf(" "), 1)).replace(/[\s,;:–-]+$/, "");
  return `${atWord}…`;
}
