import { parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * The sender's number in E.164 from a provider address ("+14155550100", "whatsapp:+14155550100"),
 * or undefined for what is not a dialable number (a withheld caller ID, a short code, a client).
 */
export function callerPhone(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const raw = address.replace(/^whatsapp:/i, "").trim();
  if (!raw.startsWith("+")) return undefined;
  const phone = parsePhoneNumberFromString(raw);
  return phone?.isValid() ? phone.number : undefined;
}
