import { describe, expect, it } from "vitest";
import type { Identity } from "../customers.types";
import { effectiveVerification } from "./effective-verification";

const identity = (patch: Partial<Identity>): Identity => ({
  id: "idn_1",
  kind: "email",
  system: "",
  value: "a@example.com",
  verificationLevel: "recognised",
  verifiedAt: null,
  verifiedMethod: null,
  createdAt: new Date("2026-01-01T00:00:00Z"),
  ...patch,
});

describe("effectiveVerification", () => {
  const now = new Date("2026-01-10T12:00:00Z");

  it("is anonymous with only anonymous identities", () => {
    expect(
      effectiveVerification([identity({ kind: "device", verificationLevel: "anonymous" })], now, 24).level,
    ).toBe("anonymous");
  });

  it("is verified inside the trust window and says until when", () => {
    const verifiedAt = new Date("2026-01-10T02:00:00Z");
    const result = effectiveVerification(
      [identity({ verificationLevel: "verified", verifiedAt, verifiedMethod: "one_time_code" })],
      now,
      24,
    );
    expect(result).toMatchObject({ level: "verified", method: "one_time_code" });
    // An email's proof is on record for staff, but it never vouches for a later contact.
    expect(result.identities).toEqual([expect.objectContaining({ identityId: "idn_1", carriesToContact: false })]);
    expect(result.trustedUntil?.toISOString()).toBe("2026-01-11T02:00:00.000Z");
  });

  it("falls back to recognised once the window has passed", () => {
    const verifiedAt = new Date("2026-01-08T00:00:00Z");
    expect(
      effectiveVerification([identity({ verificationLevel: "verified", verifiedAt })], now, 24).level,
    ).toBe("recognised");
  });
});
