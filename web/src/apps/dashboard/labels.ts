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

const CALL_REASONS: Record<string, string> = {
  customer_requested_human: "asked for a person",
  no_input: "the caller went quiet",
  turn_limit: "the call ran long",
  case_with_team: "their case is already with the team",
};

/** Why a call left the AI, in words: the raw escalation reason is for machines. */
export function callReasonLabel(raw: string): string {
  return CALL_REASONS[raw] ?? raw.replace(/[_:.]+/g, " ").trim();
}
