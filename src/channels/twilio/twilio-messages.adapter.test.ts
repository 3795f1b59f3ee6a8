import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSid, startTwilioApiServer, type TwilioApiServer } from "./test-support/twilio-api-server";
import { TwilioMessagesProvider } from "./twilio-messages.adapter";
import { ProviderError } from "./twilio.errors";

// Against a local server speaking the provider's Messages protocol (it stands in for the cloud).
const account = { accountSid: newSid("AC"), authToken: randomBytes(16).toString("hex") };
let api: TwilioApiServer;

beforeAll(async () => {
  api = await startTwilioApiServer(() => new Map([[account.accountSid, account.authToken]]));
});
afterAll(() => api?.close());

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof ProviderError ? error.failure : "not a provider error"),
  );

describe("TwilioMessagesProvider", () => {
  it("posts the message form with Basic auth and returns the provider's sid", async () => {
    const provider = new TwilioMessagesProvider(api.url);
    const sent = await provider.send(account, { from: "+14155550100", to: "+12125550123", body: "Hello & <bye>", statusCallback: "https://x.example/status" });
    expect(sent.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sent.status).toBe("queued");
    expect(api.sent.at(-1)?.form).toEqual({
      From: "+14155550100",
      To: "+12125550123",
      Body: "Hello & <bye>",
      StatusCallback: "https://x.example/status",
    });
  });

  it("classifies failures: wrong credentials are auth, an outage is temporary, a refused message permanent", async () => {
    const provider = new TwilioMessagesProvider(api.url);
    expect(await failureOf(provider.send({ ...account, authToken: "wrong" }, { from: "+1", to: "+1", body: "x" }))).toBe("auth");
    api.failNext(1);
    expect(await failureOf(provider.send(account, { from: "+14155550100", to: "+12125550123", body: "x" }))).toBe("temporary");
    expect(await failureOf(provider.send(account, { from: "+14155550100", to: "", body: "x" }))).toBe("permanent");
    const unreachable = new TwilioMessagesProvider("http://127.0.0.1:9");
    expect(await failureOf(unreachable.send(account, { from: "+14155550100", to: "+12125550123", body: "x" }))).toBe("temporary");
  });
});
