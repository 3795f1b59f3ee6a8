import { failureOfStatus, ProviderError } from "./twilio.errors";
import type { OutboundSms, SmsProvider } from "./sms-provider";
import type { TwilioCredentials } from "./twilio.types";

const TIMEOUT_MS = 10_000;

/**
 * Twilio's Messages resource (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form
 * encoded, HTTP Basic with the account SID and auth token). `baseUrl` is the API's origin.
 */
export class TwilioMessagesProvider implements SmsProvider {
  constructor(private readonly baseUrl: string) {}

  async send(account: TwilioCredentials, message: OutboundSms): Promise<{ sid: string; status: string }> {
    const url = `${this.baseUrl.replace(/\/+$/, "")}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Messages.json`;
    const form = new URLSearchParams({ From: message.from, To: message.to, Body: message.body });
    if (message.statusCallback) form.set("StatusCallback", message.statusCallback);
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: form,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new ProviderError("temporary", `provider unreachable: ${(error as Error).name}`);
    }
    const payload = (await response.json().catch(() => ({}))) as {
      sid?: unknown;
      status?: unknown;
      code?: unknown;
      message?: unknown;
    };
    if (!response.ok) {
      const code = typeof payload.code === "number" || typeof payload.code === "string" ? payload.code : undefined;
      // The provider's message names the field it refused ("The 'To' number … is not valid"), never the body.
      const said = typeof payload.message === "string" ? payload.message.slice(0, 200) : "request refused";
      throw new ProviderError(failureOfStatus(response.status), said, { status: response.status, code });
    }
    if (typeof payload.sid !== "string") {
      throw new ProviderError("temporary", "provider answered without a message sid", { status: response.status });
    }
    return { sid: payload.sid, status: typeof payload.status === "string" ? payload.status : "queued" };
  }
}
