import { describe, expect, it } from "vitest";
import { personalTokens, tokenPattern } from "./personal-tokens";

describe("personalTokens", () => {
  it("takes full names, identity values and phone digit forms, longest first, skipping short values and lone first names", () => {
    const tokens = personalTokens({
      names: ["Bob Norman", "Bo", "Roberta", null],
      identities: [
        { kind: "email", value: "bob.norman@mail.example.com" },
        { kind: "phone", value: "+15025550147" },
      ],
      streetLines: ["Chestnut Street 92", ""],
    });
    expect(tokens).toEqual([
      "bob.norman@mail.example.com",
      "Chestnut Street 92",
      "+15025550147",
      "15025550147",
      "Bob Norman",
      "5025550147",
    ]);
  });
});

describe("tokenPattern", () => {
  it("escapes regular-expression characters so tokens match literally", () => {
    expect(tokenPattern(["a.b+c@x.io", "(555)"])).toBe("a\\.b\\+c@x\\.io|\\(555\\)");
  });
});
