import { describe, expect, it } from "vitest";
import { asksForCode, codeInAnswer } from "./read-code-request";

describe("asksForCode", () => {
  it.each(["send me a code", "Text me a code please", "can you email me the code?", "resend the code", "new code pls", "I'd like a verification code"])(
    "reads %j as a request for a code",
    (text) => expect(asksForCode(text)).toBe(true),
  );
  it.each(["what's the zip code for the soho store?", "send me a promo code", "do you have a discount code", "where is my order", "code"])(
    "does not read %j as one",
    (text) => expect(asksForCode(text)).toBe(false),
  );
});

describe("codeInAnswer", () => {
  it.each([
    ["123456", "123456"],
    ["it's 123 456", "123456"],
    ["code: 004-211", "004211"],
    ["  987654.", "987654"],
  ])("reads %j as the code %s", (text, code) => expect(codeInAnswer(text)).toBe(code));
  it.each(["12345", "1234567", "123456 and 10012", "order 1002", "no code yet"])("finds no code in %j", (text) =>
    expect(codeInAnswer(text)).toBeUndefined(),
  );
});
