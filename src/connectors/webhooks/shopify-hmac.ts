import { createHmac, timingSafeEqual } from "node:crypto";

export const SHOPIFY_HMAC_HEADER = "x-shopify-hmac-sha256";

/**
 * Shopify signs each webhook with the app's client secret: `X-Shopify-Hmac-Sha256` is the base64
 * HMAC-SHA256 of the raw body bytes. Compared in constant time on the decoded digests.
 */
export function verifyShopifyHmac(secret: string, header: string | undefined, rawBody: Buffer): boolean {
  if (!header) return false;
  const given = Buffer.from(header.trim(), "base64");
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
