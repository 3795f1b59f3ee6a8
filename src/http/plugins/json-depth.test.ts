import { describe, expect, it } from "vitest";
import { jsonNestsDeeperThan } from "./json-depth";

describe("jsonNestsDeeperThan", () => {
  it("counts arrays and objects alike", () => {
    expect(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(jsonNestsDeeperThan(JSON.stringify({ a: '[[[{{{\\"[[[' }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify(['"', "[[[["]), 1)).toBe(false);
  });

  it("handles input far deeper than the call stack allows", () => {
    expect(jsonNestsDeeperThan("[".repeat(1_000_000), 64)).toBe(true);
  });
});
