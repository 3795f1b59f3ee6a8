import { describe, expect, it } from "vitest";
import { normalizeIdentity } from "./normalize-identity";

describe("normalizeIdentity", () => {
  it("lower-cases and trims emails", () => {
    expect(normalizeIdentity({ kind: "email", value: "  Jane.Doe@Example.COM " }).value).toBe(
      "jane.doe@example.com",
    );
  });

  it("rejects a malformed email naming the field", () => {
    expect(() =>
      normalizeIdentity({ kind: "email", value: "jane@" }, { field: "identities.0.value" }),
    ).toThrow(expect.objectContaining({ field: "identities.0.value", kind: "invalid" }));
  });

  it("formats phones as E.164 using the default region for national numbers", () => {
    expect(normalizeIdentity({ kind: "phone", value: "020 7946 0958" }, { defaultRegion: "GB" }).value).toBe(
      "+442079460958",
    );
    expect(normalizeIdentity({ kind: "phone", value: "+1 (212) 555-0143" }).value).toBe("+12125550143");
  });

  it("rejects impossible phone numbers", () => {
    expect(() => normalizeIdentity({ kind: "phone", value: "12" })).toThrow(/phone/);
  });

  it("requires a system for external ids and social handles", () => {
    expect(() => normalizeIdentity({ kind: "external", value: "123" })).toThrow(/system/);
    expect(normalizeIdentity({ kind: "social", system: "Instagram", value: "@Jane_D" })).toEqual({
      kind: "social",
      system: "instagram",
      value: "jane_d",
    });
  });

  it("rejects empty and oversized values", () => {
    expect(() => normalizeIdentity({ kind: "device", value: "   " })).toThrow(/empty/);
    expect(() => normalizeIdentity({ kind: "loyalty", value: "x".repeat(400) })).toThrow(/too long/);
  });
});
