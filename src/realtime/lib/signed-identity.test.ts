import { describe, expect, it } from "vitest";
import { identitySignature, verifyIdentitySignature } from "./signed-identity";

describe("signed identity", () => {
  const secret = "wsk_test-secret";
  const good = identitySignature("user-42", secret);

  it("matches the HMAC-SHA256 hex a retailer's server computes", () => {
    // Known value: echo -n user-42 | openssl dgst -sha256 -hmac wsk_test-secret
    expect(good).toBe("62dd5fa90de598d5adda978cc3ca5babb5152cbfae3a2db45a82c754a50216a8");
    expect(verifyIdentitySignature("user-42", good, secret)).toBe(true);
    expect(verifyIdentitySignature("user-42", good.toUpperCase(), secret)).toBe(true);
  });

  it("refuses another value, another secret, a truncated or non-hex signature", () => {
    expect(verifyIdentitySignature("user-43", good, secret)).toBe(false);
    expect(verifyIdentitySignature("user-42", good, "other")).toBe(false);
    expect(verifyIdentitySignature("user-42", good.slice(0, 63), secret)).toBe(false);
    expect(verifyIdentitySignature("user-42", `${good.slice(0, 63)}z`, secret)).toBe(false);
    expect(verifyIdentitySignature("user-42", "", secret)).toBe(false);
  });
});
