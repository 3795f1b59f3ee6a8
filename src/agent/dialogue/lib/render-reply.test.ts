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

describe("renderReply on short channels", () => {
  const policy =
    "Returns are free within 30 days of delivery. Exchanges for another size or colour are free too, and we ship the new item as soon as the return is scanned. " +
    "Refunds go back to the original payment method within 5 business days of the return reaching us. Final-sale items, gift cards and opened earbuds cannot be returned. " +
    "Exchanges of sale items are allowed once.";

  it("ends a long answer at a sentence boundary, never mid-word", () => {
    const text = renderReply([{ text: policy }], "sms");
    expect(text.length).toBeLessThanOrEqual(320);
    expect(text).toMatch(/\.$/);
    expect(policy.startsWith(text)).toBe(true);
    expect(text).not.toContain("…");
  });

  it("drops the cut-off ends of a search excerpt when whole sentences remain", () => {
    const excerpt = "within 30 days of delivery. Exchanges are free too. Refunds go back to the original … gift cards cannot be returned. Exchan";
    const text = renderReply([{ text: excerpt }], "voice");
    expect(text).toBe("Exchanges are free too.");
  });

  it("reads a Markdown table, list and emphasis as sentences on voice, without links", () => {
    const markdown = [
      "Our **delivery options**:",
      "",
      "| Method | Time | Cost |",
      "|---|---|---|",
      "| Standard | 3–5 business days | $5 |",
      "| Express | 1–2 business days | $15 |",
      "",
      "- Free standard shipping over $50",
      "- Details at https://shop.example/shipping or [our page](https://shop.example/faq)",
    ].join("\n");
    const text = renderReply([{ text: markdown }], "voice");
    expect(text).not.toMatch(/[|*#`]|https?:|---/);
    expect(text).toContain("Standard: time 3–5 business days, cost $5.");
    expect(text).toContain("Express: time 1–2 business days, cost $15.");
    expect(text).toContain("Free standard shipping over $50.");
    expect(text).toContain("Details at the link we sent by email or our page");
    // SMS keeps the address a shopper can tap.
    expect(renderReply([{ text: markdown }], "sms")).toContain("https://shop.example/shipping");
  });

  it("reads a table flattened onto one line without its pipes", () => {
    const text = renderReply([{ text: "Method Time | Standard | 3–5 days |---|---| Express | 1–2 days" }], "voice");
    expect(text).not.toMatch(/[|]|---/);
    expect(text).toContain("Standard");
  });
});
