import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The signature a retailer's server computes for a signed-in shopper: HMAC-SHA256 of the user id
 * (or email) with the workspace's widget secret, as lower-case hex.
 */
export function identitySignature(value: string, secret: string): string {
  return createHmac("sha256", secret).update(value, "utf8").digest("hex");
}

/** Constant-time check of a presented signature; anything not 64 hex digits is simply wrong. */
export function verifyIdentitySignature(value: string, signature: string, secret: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  const expected = Buffer.from(identitySignature(value, secret), "hex");
  return timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), "hex"));
}
