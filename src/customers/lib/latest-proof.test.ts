import { describe, expect, it } from "vitest";
import type { IdentityVerification } from "../customers.types";
import { latestProof } from "./latest-proof";

const proof = (identityId: string, verifiedAt: string, trustedUntil: string, kind: IdentityVerification["kind"] = "device") => ({
  identityId,
  kind,
  method: "staff",
  verifiedAt: new Date(verifiedAt),
  trustedUntil: new Date(trustedUntil),
  carriesToContact: kind === "device",
});

describe("latestProof", () => {
  const now = new Date("2026-01-10T12:00:00Z");
  const older = proof("a", "2026-01-10T08:00:00Z", "2026-01-11T08:00:00Z");
  const newer = proof("b", "2026-01-10T10:00:00Z", "2026-01-11T10:00:00Z", "email");
  const lapsed = proof("c", "2026-01-09T11:00:00Z", "2026-01-10T11:00:00Z");

  it("picks the most recent proof inside its window", () => {
    expect(latestProof([older, newer, lapsed], now)?.identityId).toBe("b");
  });

  it("considers only the proofs that qualify, and none once every window has passed", () => {
    expect(latestProof([older, newer], now, (p) => p.carriesToContact)).toEqual({
      identityId: "a",
      summary: { level: "verified", method: "staff", verifiedAt: older.verifiedAt, trustedUntil: older.trustedUntil },
    });
    expect(latestProof([lapsed], now)).toBeUndefined();
  });
});
