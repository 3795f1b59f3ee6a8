import { describe, expect, it } from "vitest";
import type { Identity } from "../customers.types";
import { contactVerification } from "./contact-verification";
import { effectiveVerification } from "./effective-verification";

const identity = (patch: Partial<Identity>): Identity => ({
  id: "idn_email",
  kind: "email",
  system: "",
  value: "maya@example.com",
  verificationLevel: "recognised",
  verifiedAt: null,
  verifiedMethod: null,
  createdAt: new Date("2026-01-01T00:00:00Z"),
  ...patch,
});

const now = new Date("2026-01-10T12:00:00Z");
const hourAgo = new Date("2026-01-10T11:00:00Z");
const verified = (patch: Partial<Identity>) =>
  identity({ verificationLevel: "verified", verifiedAt: hourAgo, verifiedMethod: "staff", ...patch });

function judge(record: Identity[], presentedIds: string[], conversation?: Parameters<typeof contactVerification>[0]["conversation"]) {
  return contactVerification({
    presented: record.filter((i) => presentedIds.includes(i.id)),
    proofs: effectiveVerification(record, now, 24).identities,
    conversation,
    now,
  });
}

describe("contactVerification", () => {
  const session = verified({ id: "idn_dev", kind: "device", value: "app-1", verifiedMethod: "order_postcode" });
  const email = verified({ id: "idn_email", kind: "email", verifiedMethod: "signed_token" });
  const newDevice = identity({ id: "idn_dev2", kind: "device", value: "app-2", verificationLevel: "anonymous" });

  it("is verified through a proven session the contact presents", () => {
    expect(judge([email, session], ["idn_email", "idn_dev"])).toMatchObject({
      level: "verified",
      method: "order_postcode",
      via: { kind: "identity", identityId: "idn_dev" },
    });
  });

  it("is only recognised when it presents a verified email beside a new device", () => {
    expect(judge([email, session, newDevice], ["idn_email", "idn_dev2"])).toMatchObject({ level: "recognised", via: null });
  });

  it("lets a phone carry proof only when a one-time code confirmed it", () => {
    const byCode = verified({ id: "idn_phone", kind: "phone", value: "+447911123456", verifiedMethod: "one_time_code" });
    const byStaff = { ...byCode, verifiedMethod: "staff" };
    expect(judge([byCode], ["idn_phone"]).level).toBe("verified");
    expect(judge([byStaff], ["idn_phone"]).level).toBe("recognised");
  });

  it("ignores a session's proof once the trust window has passed", () => {
    const old = { ...session, verifiedAt: new Date("2026-01-09T11:00:00Z") };
    expect(judge([old], ["idn_dev"]).level).toBe("recognised");
  });

  it("applies conversation proof only to the session it was given from, and only inside its window", () => {
    const unproven = identity({ id: "idn_dev", kind: "device", value: "app-1", verificationLevel: "anonymous" });
    const proof = { method: "order_postcode", at: hourAgo.toISOString(), until: "2026-01-10T13:00:00Z", identityIds: ["idn_dev"] };
    expect(judge([unproven, newDevice, email], ["idn_dev"], proof)).toMatchObject({ level: "verified", via: { kind: "conversation" } });
    expect(judge([unproven, newDevice, email], ["idn_dev2", "idn_email"], proof).level).toBe("recognised");
    expect(judge([unproven], ["idn_dev"], { ...proof, until: hourAgo.toISOString() }).level).toBe("anonymous");
  });
});
