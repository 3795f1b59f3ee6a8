import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-throughline-signature";
/** Signatures older (or further in the future) than this are refused, which bounds replay storage. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, body: string, timestamp: number): string {
  const digest = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${digest}`;
}

export type SignatureCheck = { ok: true; timestamp: number; digest: string } | { ok: false; reason: string };

/** Checks `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` in constant time, within the tolerance. */
export function verifyWebhookSignature(secret: string, header: string | undefined, body: string, now: Date): SignatureCheck {
  if (!header) return { ok: false, reason: `missing ${SIGNATURE_HEADER} header` };
  const parts = new Map<string, string[]>();
  for (const piece of header.split(",")) {
    const [key, value] = piece.trim().split("=", 2);
    if (key && value) parts.set(key, [...(parts.get(key) ?? []), value]);
  }
  const timestamp = Number(parts.get("t")?.[0]);
  const candidates = parts.get("v1") ?? [];
  if (!Number.isInteger(timestamp) || candidates.length === 0) return { ok: false, reason: "malformed signature header" };
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    return { ok: false, reason: "signature timestamp is outside the 5-minute tolerance" };
  }
  const expected = Buffer.from(createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex"), "utf8");
  for (const candidate of candidates) {
    const given = Buffer.from(candidate, "utf8");
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      return { ok: true, timestamp, digest: candidate };
    }
  }
  return { ok: false, reason: "signature does not match" };
}
