import { describe, expect, it } from "vitest";
import { scrubText } from "./scrub-text";

describe("scrubText", () => {
  it("removes emails, keys, session tokens, bearer values, password hashes and long numbers", () => {
    const out = scrubText(
      "user sam@example.com key tl_abcdefghijkl token tls_zyxwvutsrqpo Bearer abc.def hash scrypt$16384$8$1$c2FsdA$a2V5 call +44 7911 123456 card 4111 1111 1111 1111",
    );
    expect(out).toBe(
      "user [email] key [secret] token [secret] [secret] hash [secret] call [number] card [number]",
    );
  });

  it("leaves ids, dates, times and short numbers alone", () => {
    const text =
      "request 04795c07-96ce-450c-86b6-446655440000 case cas_01HZX3 on 2026-11-29T19:35:03.000Z took 1234 ms for order 1001";
    expect(scrubText(text)).toBe(text);
  });
});
