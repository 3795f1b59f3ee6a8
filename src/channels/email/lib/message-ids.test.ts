import { describe, expect, it } from "vitest";
import { normaliseMessageId, parseMessageIds } from "./message-ids";

describe("parseMessageIds", () => {
  it("reads a folded References list in order and drops repeats", () => {
    expect(parseMessageIds("<A@x.example>\r\n <b@y.example> <a@x.example>")).toEqual([
      "a@x.example",
      "b@y.example",
    ]);
  });
  it("reads comma-separated and bare ids", () => {
    expect(parseMessageIds("<a@x>, <b@y>")).toEqual(["a@x", "b@y"]);
    expect(parseMessageIds("c@z")).toEqual(["c@z"]);
  });
  it("gives nothing for empty, missing or junk values", () => {
    expect(parseMessageIds(undefined)).toEqual([]);
    expect(parseMessageIds("")).toEqual([]);
    expect(parseMessageIds("not an id")).toEqual([]);
    expect(parseMessageIds("<>")).toEqual([]);
  });
  it("accepts an array of header values", () => {
    expect(parseMessageIds(["<a@x>", "<b@y>"])).toEqual(["a@x", "b@y"]);
  });
  it("normalises one id and refuses an empty or absurdly long one", () => {
    expect(normaliseMessageId(" <Abc@X> ")).toBe("abc@x");
    expect(normaliseMessageId("<>")).toBeNull();
    expect(normaliseMessageId(`${"a".repeat(600)}@x`)).toBeNull();
  });
});
