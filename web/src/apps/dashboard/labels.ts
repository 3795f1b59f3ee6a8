const CHANNELS: Record<string, string> = {
  web_chat: "Chat",
  chat: "Chat",
  mobile: "App",
  email: "Email",
  sms: "SMS",
  voice: "Call",
  rest: "API",
  store: "Store",
  internal: "Note",
};

/** A channel's name as staff say it. */
export function channelLabel(channel: string): string {
  return CHANNELS[channel] ?? channel;
}

/** The channels a reply can go out on, in the API's names. */
export const REPLY_CHANNELS = ["web_chat", "email", "sms"] as const;

/** A case's headline: its subject, else what the customer wanted, in words. */
export function caseTitle(
  found: { subject: string | null; intent: string | null; originChannel: string } | undefined,
): string {
  if (found?.subject) return found.subject;
  const intent = found?.intent?.replace(/[_.]+/g, " ");
  return intent ? `${channelLabel(found?.originChannel ?? "")} · ${intent}` : "No subject";
}
