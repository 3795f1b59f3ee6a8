import { describe, expect, it } from "vitest";
import { retryDelay } from "./retry-delay";

const settings = { baseMs: 1000, maxMs: 60_000 };

describe("retryDelay", () => {
  it("doubles the ceiling with each attempt and keeps at least half of it", () => {
    expect(retryDelay(1, settings, () => 0)).toBe(500);
    expect(retryDelay(1, settings, () => 1)).toBe(1000);
    expect(retryDelay(2, settings, () => 0)).toBe(1000);
    expect(retryDelay(4, settings, () => 1)).toBe(8000);
  });
  it("never exceeds the maximum, even after very many attempts", () => {
    expect(retryDelay(50, settings, () => 1)).toBe(60_000);
    expect(retryDelay(10_000, settings, () => 0)).toBe(30_000);
  });
  it("treats attempt 0 or a negative count like the first", () => {
    expect(retryDelay(0, settings, () => 1)).toBe(1000);
    expect(retryDelay(-3, settings, () => 1)).toBe(1000);
  });
});
