/** Kinds of "code" that are not a verification code: "send me the zip code" asks for nothing. */
const OTHER_CODES = /\b(postal|post|zip|postcode|promo|promotional|discount|coupon|voucher|gift|area|tracking|country|dress|qr|bar|source)\s+codes?\b/gi;
const ASKS =
  /\b(send|text|txt|sms|e-?mail|resend|re-send|get|give|want|need|request)\b[^.?!]{0,25}\b(code|pin)\b|\b(new|another|verification|one[- ]time|security|login)\s+(code|pin)\b|\b(code|pin)\s+(please|pls|plz)\b/i;

/** True when the shopper asks to be sent a one-time code ("send me a code", "text me a code"). */
export function asksForCode(text: string): boolean {
  return ASKS.test(text.replace(OTHER_CODES, " "));
}

/**
 * The 6-digit code in an answer to "reply with the code": the message is the code, maybe split
 * ("123 456") or wrapped ("it's 123456"). Longer or shorter numbers are not a code.
 */
export function codeInAnswer(text: string): string | undefined {
  const digits = text.match(/\d[\d\s-]*\d|\d/g) ?? [];
  const codes = digits.map((d) => d.replace(/[\s-]/g, "")).filter((d) => d.length === 6);
  const others = digits.filter((d) => d.replace(/[\s-]/g, "").length !== 6);
  if (codes.length !== 1 || others.length > 0) return undefined;
  return codes[0];
}
