/**
 * How a reply may name an email or phone on file: enough for the owner to know where to look, too
 * little for anyone else to learn anything (a claimed caller ID must not read back the email).
 */
export function maskIdentity(identity: { kind: string; value: string }): string {
  if (identity.kind === "phone") {
    const digits = identity.value.replace(/\D/g, "");
    return digits.length >= 6 ? `the phone number ending ${digits.slice(-2)}` : "the phone number on your profile";
  }
  if (identity.kind === "email") return "the email address on your profile";
  return "your contact details on file";
}
