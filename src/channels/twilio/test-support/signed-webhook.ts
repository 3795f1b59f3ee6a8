import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks.js";

export type WebhookResponse = { status: number; type: string; body: string };

/**
 * Posts a form to a listening server as the provider does: X-Twilio-Signature computed by the
 * provider's own library over the full URL and the parameters.
 */
export async function postSigned(
  url: string,
  params: Record<string, string>,
  authToken: string | undefined,
  headers: Record<string, string> = {},
): Promise<WebhookResponse> {
  const signature = authToken === undefined ? undefined : getExpectedTwilioSignature(authToken, url, params);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(signature ? { "x-twilio-signature": signature } : {}),
      ...headers,
    },
    body: new URLSearchParams(params),
  });
  return { status: response.status, type: response.headers.get("content-type") ?? "", body: await response.text() };
}
