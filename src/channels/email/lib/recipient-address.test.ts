import { describe, expect, it } from "vitest";
import { parseRecipient, workspaceAddress } from "./recipient-address";

const D = "mail.example.org";

describe("parseRecipient", () => {
  it("routes a workspace address and a reply address", () => {
    expect(parseRecipient("support@demo.mail.example.org", D)).toEqual({
      slug: "demo",
      localPart: "support",
      replyToken: null,
    });
    expect(parseRecipient("Reply+ab12cd34ef@Demo.Mail.Example.org", D)).toEqual({
      slug: "demo",
      localPart: "reply+ab12cd34ef",
      replyToken: "ab12cd34ef",
    });
  });
  it("refuses addresses that are not ours", () => {
    expect(parseRecipient("someone@gmail.example", D)).toBeNull();
    expect(parseRecipient("x@mail.example.org", D)).toBeNull();
    expect(parseRecipient("x@a.b.mail.example.org", D)).toBeNull();
    expect(parseRecipient("x@evilmail.example.org", D)).toBeNull();
    expect(parseRecipient("@demo.mail.example.org", D)).toBeNull();
    expect(parseRecipient("no-at-sign", D)).toBeNull();
    expect(parseRecipient("", D)).toBeNull();
  });
  it("treats a malformed reply token as a plain workspace address", () => {
    expect(parseRecipient("reply+x@demo.mail.example.org", D)?.replyToken).toBeNull();
    expect(parseRecipient("reply+ab12-cd34@demo.mail.example.org", D)?.replyToken).toBeNull();
  });
  it("builds the address back", () => {
    expect(workspaceAddress("support", "demo", D)).toBe("support@demo.mail.example.org");
  });
});
