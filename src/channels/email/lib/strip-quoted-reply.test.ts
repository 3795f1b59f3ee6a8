import { describe, expect, it } from "vitest";
import { stripQuotedReply } from "./strip-quoted-reply";

describe("stripQuotedReply", () => {
  it("removes a Gmail quote whose header line wraps", () => {
    const text =
      "Still nothing.\r\n\r\nOn Tue, Mar 3, 2026 at 10:00 AM Northwind Support <\r\nsupport@demo.example> wrote:\r\n\r\n> Hello Maya";
    expect(stripQuotedReply(text)).toBe("Still nothing.");
  });
  it("removes an Outlook original-message block and a signature", () => {
    expect(
      stripQuotedReply("Thanks.\n\n-----Original Message-----\nFrom: Northwind\nSent: Tuesday\n\nHello"),
    ).toBe("Thanks.");
    expect(stripQuotedReply("Where is 1002?\n\n-- \nMaya Lopez\nACME")).toBe("Where is 1002?");
  });
  it("removes Apple Mail's attribution and the phone signature", () => {
    expect(
      stripQuotedReply(
        "Cancel it.\n\nSent from my iPhone\n\nOn 3 Mar 2026, at 10:00, Support <s@x> wrote:\n\n> Hi",
      ),
    ).toBe("Cancel it.");
  });
  it("keeps a forwarded message whole", () => {
    const text =
      "FYI\n\n---------- Forwarded message ---------\nFrom: Carrier <x@carrier.example>\n\nDelivered.";
    expect(stripQuotedReply(text)).toContain("Delivered.");
  });
  it("keeps the full text when everything is quoted, and gives empty for empty", () => {
    expect(stripQuotedReply("> only a quote")).toBe("> only a quote");
    expect(stripQuotedReply("")).toBe("");
  });
});
