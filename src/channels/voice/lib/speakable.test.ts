import { describe, expect, it } from "vitest";
import { speakable } from "./speakable";

describe("speakable", () => {
  it("keeps plain sentences as they are", () => {
    expect(speakable("Order 1002 is on its way with UPS. It should arrive on Friday.")).toBe(
      "Order 1002 is on its way with UPS. It should arrive on Friday.",
    );
  });

  it("drops links, keeping a link's words", () => {
    const out = speakable("Track it at https://ups.example/track?id=1Z999 or see [our returns page](https://shop.example/returns).");
    expect(out).not.toMatch(/https?:|www\.|\]\(/);
    expect(out).toContain("our returns page");
  });

  it("reads a list as sentences, without bullets or numbers", () => {
    expect(speakable("You can:\n- return it in store\n- send it back by post\n1. or exchange it")).toBe(
      "You can: return it in store. send it back by post. or exchange it.",
    );
  });

  it("reads a table's cells and drops its rules and Markdown marks", () => {
    const out = speakable("| Store | Hours |\n|---|---|\n| **Soho** | 10–20 |");
    expect(out).not.toMatch(/[|*#`]/);
    expect(out).toContain("Soho, 10–20");
  });

  it("gives an empty string for nothing speakable", () => {
    expect(speakable("")).toBe("");
    expect(speakable("https://x.example\n---\n| |")).toBe("");
  });
});
