import { describe, expect, it } from "vitest";
import { maskIdentity } from "./mask-identity";

describe("maskIdentity", () => {
  it("names only the last two digits of a phone number", () => {
    expect(maskIdentity({ kind: "phone", value: "+447911123456" })).toBe("the phone number ending 56");
  });
  it("never reads back any part of an email address", () => {
    const masked = maskIdentity({ kind: "email", value: "maya.chen@example.com" });
    expect(masked).not.toMatch(/maya|example|@/);
  });
  it("says nothing specific about values too short to mask", () => {
    expect(maskIdentity({ kind: "phone", value: "12345" })).toBe("the phone number on your profile");
    expect(maskIdentity({ kind: "device", value: "abc" })).toBe("your contact details on file");
  });
});
