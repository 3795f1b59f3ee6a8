import { describe, expect, it } from "vitest";
import { redactPersonalData } from "./redact-personal-data";

describe("redactPersonalData", () => {
  it("removes emails, phones, card numbers and street addresses", () => {
    const out = redactPersonalData(
      "I'm jane@example.com, call +1 212 555 0100, card 4111 1111 1111 1111, ship to 12 Baker Street please",
    );
    expect(out).not.toMatch(/jane|555|4111|Baker/);
    expect(out).toContain("[email]");
    expect(out).toContain("[address]");
  });
  it("keeps order numbers and ordinary text", () => {
    expect(redactPersonalData("where is order 1001?")).toBe("where is order 1001?");
    expect(redactPersonalData("")).toBe("");
  });
});
