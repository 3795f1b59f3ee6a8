import { describe, expect, it } from "vitest";
import { englishDictionary, SpellingCorrector } from "./spelling-corrector";

const vocabulary = new Map([
  ["cancel", 5],
  ["order", 9],
  ["cash", 2],
  ["came", 3],
  ["billing", 1],
  ["shipped", 2],
]);

describe("SpellingCorrector", () => {
  it("maps a typo to the nearest training word", () => {
    const corrector = new SpellingCorrector(vocabulary, englishDictionary());
    expect(corrector.correct("cancle")).toBe("cancel");
    expect(corrector.correct("shiped")).toBe("shipped");
  });

  it("leaves correctly spelt words the examples never used alone", () => {
    const corrector = new SpellingCorrector(vocabulary, englishDictionary());
    expect(corrector.correct("rash")).toBe("rash");
    expect(corrector.correct("game")).toBe("game");
    expect(corrector.correct("drilling")).toBe("drilling");
    expect(corrector.knows("rash")).toBe(false);
  });

  it("corrects every unknown word when no dictionary is given", () => {
    expect(new SpellingCorrector(vocabulary).correct("rash")).toBe("cash");
  });

  it("loads a dictionary of common words once", () => {
    const words = englishDictionary();
    expect(words.size).toBeGreaterThan(30_000);
    expect(words.has("colour")).toBe(true);
    expect(words.has("color")).toBe(true);
    expect(englishDictionary()).toBe(words);
  });
});
