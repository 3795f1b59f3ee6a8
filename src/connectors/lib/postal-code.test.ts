import { describe, expect, it } from "vitest";
import { normalisePostalCodeFor } from "./postal-code";

describe("normalisePostalCodeFor", () => {
  it("accepts and normalises well-formed codes", () => {
    expect(normalisePostalCodeFor("US", "10012")).toBe("10012");
    expect(normalisePostalCodeFor("US", "10012-3456")).toBe("10012");
    expect(normalisePostalCodeFor("GB", "sw1a 1aa")).toBe("SW1A1AA");
    expect(normalisePostalCodeFor("CA", "M5V 3L9")).toBe("M5V3L9");
  });
  it("refuses malformed codes", () => {
    expect(normalisePostalCodeFor("US", "1001")).toBeNull();
    expect(normalisePostalCodeFor("US", "ABCDE")).toBeNull();
    expect(normalisePostalCodeFor("GB", "12345")).toBeNull();
    expect(normalisePostalCodeFor("ZZ", "")).toBeNull();
    expect(normalisePostalCodeFor("ZZ", "<script>")).toBeNull();
  });
});
