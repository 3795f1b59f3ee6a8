import type { WorkChannel } from "../routing.types";

/** Which skill a case needs, from the intent the agent read. */
const SKILL_BY_INTENT: Record<string, string> = {
  return_request: "returns",
  return_policy: "returns",
  refund_status: "returns",
  order_status: "delivery",
  delivery_window: "delivery",
  delivery_problem: "delivery",
  change_shipping_address: "delivery",
  cancel_order: "delivery",
  change_order: "delivery",
  product_info: "product",
  product_availability: "product",
  promotions: "product",
  payment_issue: "billing",
  payment_methods: "billing",
  invoice: "billing",
  account_access: "account",
  account_change: "account",
};

const CHANNEL_BY_NAME: Record<string, WorkChannel> = {
  email: "email",
  sms: "sms",
  whatsapp: "sms",
  voice: "voice",
  phone: "voice",
};

/**
 * What a person taking the case must have: a skill (from the intent; "general" otherwise), the
 * channel as capacity counts it (calls, emails and SMS threads apart; every chat-like channel is
 * chat) and the customer's language (the locale's language, English when unknown).
 */
export function routeRequirements(input: { intent: string | null; channel: string; locale: string | null }): {
  skill: string;
  channel: WorkChannel;
  language: string;
} {
  const language = (input.locale ?? "en").split(/[-_]/)[0]?.toLowerCase() || "en";
  return {
    skill: (input.intent && SKILL_BY_INTENT[input.intent]) || "general",
    channel: CHANNEL_BY_NAME[input.channel] ?? "chat",
    language,
  };
}
