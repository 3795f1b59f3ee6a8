import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyShopifyHmac } from "./shopify-hmac";

const secret = "shpss_0123456789abcdef";
const body = Buffer.from('{"id":820982911946154508,"email":"jon@example.com"}', "utf8");
const sign = (bytes: Buffer, key = secret) => createHmac("sha256", key).update(bytes).digest("base64");

describe("verifyShopifyHmac", () => {
  it("accepts the base64 HMAC of the exact raw body", () => {
    expect(verifyShopifyHmac(secret, sign(body), body)).toBe(true);
  });
  it("refuses another body, another secret, a hex digest, a truncated one, garbage and no header", () => {
    expect(verifyShopifyHmac(secret, sign(body), Buffer.from(body.toString().replace("jon", "jan")))).toBe(
      false,
    );
    expect(verifyShopifyHmac(secret, sign(body, "other"), body)).toBe(false);
    expect(verifyShopifyHmac(secret, createHmac("sha256", secret).update(body).digest("hex"), body)).toBe(
      false,
    );
    expect(verifyShopifyHmac(secret, sign(body).slice(0, 20), body)).toBe(false);
    expect(verifyShopifyHmac(secret, "not base64 !!", body)).toBe(false);
    expect(verifyShopifyHmac(secret, "", body)).toBe(false);
    expect(verifyShopifyHmac(secret, undefined, body)).toBe(false);
  });
});
