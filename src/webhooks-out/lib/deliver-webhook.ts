import { Webhook } from "standardwebhooks";
import { PermanentEffectError } from "../../outbox";

export type WebhookRequest = {
  url: string;
  secret: string;
  /** The `webhook-id`: the same on every retry and replay, so the receiver can de-duplicate. */
  id: string;
  body: string;
  at: Date;
  signal: AbortSignal;
};

/** How much of a receiver's answer is kept for diagnosis: enough for an error code, not a page. */
const ANSWER_PREVIEW = 200;

/**
 * POSTs one signed event (Standard Webhooks headers). A 2xx answer is delivery; 410 Gone means
 * the receiver wants no more and is not retried; any other answer or a network fault is retried.
 * Redirects are not followed: a signed payload goes only where the retailer configured.
 */
export async function deliverWebhook(request: WebhookRequest): Promise<void> {
  const signature = new Webhook(request.secret).sign(request.id, request.at, request.body);
  const response = await fetch(request.url, {
    method: "POST",
    redirect: "manual",
    signal: request.signal,
    headers: {
      "content-type": "application/json",
      "user-agent": "Throughline-Webhooks/1",
      "webhook-id": request.id,
      "webhook-timestamp": String(Math.floor(request.at.getTime() / 1000)),
      "webhook-signature": signature,
    },
    body: request.body,
  });
  const answer = (await response.text().catch(() => "")).slice(0, ANSWER_PREVIEW).replace(/\s+/g, " ");
  if (response.ok) return;
  const message = `receiver answered ${response.status}${answer ? `: ${answer}` : ""}`;
  if (response.status === 410) throw new PermanentEffectError(message);
  throw new Error(message);
}
