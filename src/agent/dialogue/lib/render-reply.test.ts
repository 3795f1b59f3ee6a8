import { describe, expect, it } from "vitest";
import { renderReply } from "./render-reply";

const lines = [
  { text: "Order 1001 is on its way." },
  { text: "It left our warehouse on 12 January with UPS.", detail: true },
  { text: "- Trail Shoe (size 9) × 1\n- Wool Socks × 2", detail: true },
  { text: "Expected: 15–16 January." },
];

describe("renderReply", () => {
  it("keeps every line for web chat and email", () => {
    const text = renderReply(lines, "web_chat");
    expect(text.split("\n").length).toBeGreaterThan(3);
    expect(text).toContain("UPS");
  });
  it("keeps only the essentials on SMS, voice and mobile", () => {
    for (const channel of ["sms", "voice", "mobile"]) {
      const text = renderReply(lines, channel);
      expect(text).toBe("Order 1001 is on its way. Expected: 15–16 January.");
      expect(text.length).toBeLessThanOrEqual(320);
    }
  });
  it("caps a long concise reply and never returns undefined for no lines", () => {
    expect(renderReply([], "sms")).toBe("");
    const long = renderReply([{ text: "x".repeat(400) }], "sms");
    expect(long.length).toBeLessThanOrEqual(320);
  });
  it("reads links aloud as a pointer on voice", () => {
    expect(renderReply([{ text: "Track it at https://t.example/1" }], "voice")).toBe(
      "Track it at the link we sent by email",
    );
  });
});
