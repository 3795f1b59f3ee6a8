import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { invalid } from "../../core/errors";
import type { IdentityClaim, IdentityKind } from "../customers.types";

const emailSchema = z.email();

export type NormalizedIdentity = { kind: IdentityKind; system: string; value: string };

/**
 * One canonical spelling per identity, so "Jane@Example.com " and "jane@example.com" are the
 * same person and "+44 20 7946 0958" matches "020 7946 0958" dialled from the UK.
 */
export function normalizeIdentity(
  claim: IdentityClaim,
  options: { defaultRegion?: string; field?: string } = {},
): NormalizedIdentity {
  const field = options.field ?? "value";
  const raw = claim.value.trim();
  if (raw.length === 0) throw invalid("CUSTOMERS_IDENTITY_INVALID", field, "identity value is empty");
  if (raw.length > 320) throw invalid("CUSTOMERS_IDENTITY_INVALID", field, "identity value is too long");
  const system = (claim.system ?? "").trim().toLowerCase();

  switch (claim.kind) {
    case "email": {
      const value = raw.toLowerCase();
      if (!emailSchema.safeParse(value).success) {
        throw invalid("CUSTOMERS_IDENTITY_INVALID", field, "not a valid email address");
      }
      return { kind: "email", system: "", value };
    }
    case "phone": {
      const phone = parsePhoneNumberFromString(raw, (options.defaultRegion ?? "US") as CountryCode);
      if (!phone || !phone.isValid()) {
        throw invalid("CUSTOMERS_IDENTITY_INVALID", field, "not a valid phone number");
      }
      return { kind: "phone", system: "", value: phone.number };
    }
    case "social": {
      if (!system) throw invalid("CUSTOMERS_IDENTITY_INVALID", "system", "social handles need a network");
      return { kind: "social", system, value: raw.replace(/^@/, "").toLowerCase() };
    }
    case "external": {
      if (!system) throw invalid("CUSTOMERS_IDENTITY_INVALID", "system", "external ids need a system");
      return { kind: "external", system, value: raw };
    }
    case "device":
    case "loyalty":
      return { kind: claim.kind, system: "", value: raw };
  }
}
