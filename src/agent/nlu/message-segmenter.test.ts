import { describe, expect, it } from "vitest";
import { segmentMessage, stripPleasantries } from "./message-segmenter";

describe("segmentMessage", () => {
  it("splits sentences and joined requests", () => {
    expect(segmentMessage("My parcel is late. Also, can I change the address? Thanks!")).toEqual([
      "My parcel is late.",
      "can I change the address?",
    ]);
    expect(segmentMessage("cancel my order and also send me the invoice")).toEqual([
      "cancel my order",
      "send me the invoice",
    ]);
  });

  it("keeps a lone short message", () => {
    expect(segmentMessage("hi")).toEqual(["hi"]);
    expect(segmentMessage("")).toEqual([]);
  });
});

describe("stripPleasantries", () => {
  it("drops a greeting in front and thanks at the end", () => {
    expect(stripPleasantries("Hi there, where is my order? Thanks in advance")).toBe("where is my order?");
    expect(stripPleasantries("Good morning team! cancel order 1042 please")).toBe("cancel order 1042 please");
  });

  it("leaves a message that is only a greeting alone", () => {
    expect(stripPleasantries("hello there")).toBe("hello there");
    expect(stripPleasantries("thank you")).toBe("thank you");
  });
});
