import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "./webhook-signature";

const secret = "whsec_test";
const now = new Date("2026-01-15T12:00:00Z");
const t = Math.floor(now.getTime() / 1000);

describe("webhook signatures", () => {
  it("accepts a fresh signature of the exact body", () => {
    expect(verifyWebhookSignature(secret, signWebhook(secret, "{}", t), "{}", now).ok).toBe(true);
  });
  it("refuses a changed body, a wrong secret, a stale timestamp and a malformed header", () => {
    expect(verifyWebhookSignature(secret, signWebhook(secret, "{}", t), "{ }", now).ok).toBe(false);
    expect(verifyWebhookSignature(secret, signWebhook("other", "{}", t), "{}", now).ok).toBe(false);
    expect(verifyWebhookSignature(secret, signWebhook(secret, "{}", t - 301), "{}", now).ok).toBe(false);
    expect(verifyWebhookSignature(secret, "v1=abc", "{}", now).ok).toBe(false);
    expect(verifyWebhookSignature(secret, undefined, "{}", now).ok).toBe(false);
  });
});
