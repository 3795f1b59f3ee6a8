import { describe, expect, it } from "vitest";
import { splitLinks } from "./split-links";

describe("splitLinks", () => {
  it("returns plain text unchanged as one segment", () => {
    expect(splitLinks("Where is my order?")).toEqual([{ text: "Where is my order?" }]);
  });

  it("returns nothing for empty text", () => {
    expect(splitLinks("")).toEqual([]);
  });

  it("turns an https address into a link and leaves the sentence's full stop outside it", () => {
    expect(splitLinks("Track it at https://track.example/abc?x=1.")).toEqual([
      { text: "Track it at " },
      { text: "https://track.example/abc?x=1", href: "https://track.example/abc?x=1" },
      { text: "." },
    ]);
  });

  it("never makes a link of a javascript: or data: address", () => {
    const segments = splitLinks("click javascript:alert(1) or data:text/html,<b>x</b>");
    expect(segments.every((segment) => segment.href === undefined)).toBe(true);
  });

  it("keeps markup as text, for the renderer to escape", () => {
    expect(splitLinks('<img src=x onerror="alert(1)">')).toEqual([
      { text: '<img src=x onerror="alert(1)">' },
    ]);
  });

  it("stops an address at a quote or angle bracket", () => {
    expect(splitLinks('see "https://a.example/x" now')[1]).toEqual({
      text: "https://a.example/x",
      href: "https://a.example/x",
    });
  });
});
