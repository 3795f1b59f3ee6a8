import { describe, expect, it } from "vitest";
import { getPath, setPath } from "./dotted-path";

describe("dotted paths", () => {
  it("reads nested values and array positions", () => {
    expect(getPath({ a: { b: [{ c: 3 }] } }, "a.b.0.c")).toBe(3);
    expect(getPath({ a: 1 }, "")).toEqual({ a: 1 });
    expect(getPath({ a: null }, "a.b")).toBeUndefined();
  });
  it("writes nested values and skips undefined", () => {
    const target: Record<string, unknown> = {};
    setPath(target, "customer.email", "x@example.com");
    setPath(target, "customer.name", undefined);
    expect(target).toEqual({ customer: { email: "x@example.com" } });
  });
});
