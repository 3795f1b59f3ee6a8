import { describe, expect, it } from "vitest";
import { augmentExample } from "./training-augmenter";

describe("augmentExample", () => {
  it("keeps the example and adds a context-led and a wrapped variant that still contain it", () => {
    const variants = augmentExample("where is my order", 4);
    expect(variants[0]).toBe("where is my order");
    expect(variants).toHaveLength(3);
    for (const v of variants.slice(1)) {
      expect(v.toLowerCase()).toContain("where is my order");
      expect(v.length).toBeGreaterThan("where is my order".length);
    }
  });

  it("is deterministic and varies the wrapping between examples", () => {
    expect(augmentExample("cancel my order please", 1)).toEqual(augmentExample("cancel my order please", 1));
    expect(augmentExample("cancel my order please", 1)[1]).not.toBe(
      augmentExample("cancel my order please", 2)[1],
    );
  });

  it("leaves one- and two-word examples alone", () => {
    expect(augmentExample("bye", 3)).toEqual(["bye"]);
    expect(augmentExample("thank you", 3)).toEqual(["thank you"]);
  });
});
