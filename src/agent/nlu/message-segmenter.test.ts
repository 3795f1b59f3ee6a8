import { describe, expect, it } from "vitest";
import { isRequest, segmentMessage, stripPleasantries } from "./message-segmenter";

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

  it("splits a comma-joined second question", () => {
    expect(segmentMessage("Do you sell gift cards, and how long are they valid for?")).toEqual([
      "Do you sell gift cards",
      "how long are they valid for?",
    ]);
  });

  it("keeps the ask words of a second request joined by 'and'", () => {
    const parts = segmentMessage(
      "I'd like to swap the lamp for the brass one, and I want to know when the sofa comes.",
    );
    expect(parts).toEqual([
      "I'd like to swap the lamp for the brass one",
      "I want to know when the sofa comes.",
    ]);
    expect(parts.every(isRequest)).toBe(true);
    expect(segmentMessage("please take the mug off my order and send me the receipt")).toEqual([
      "please take the mug off my order",
      "send me the receipt",
    ]);
    // An aside between "and" and the ask does not hide the second request.
    expect(segmentMessage("the lid was cracked on arrival and frankly I just need my money back")).toEqual([
      "the lid was cracked on arrival",
      "I just need my money back",
    ]);
  });

  it("does not split a plain 'and' inside one request", () => {
    expect(segmentMessage("I went to the shop and tried the coat on")).toEqual([
      "I went to the shop and tried the coat on",
    ]);
    expect(segmentMessage("can you check and let me know")).toEqual(["can you check and let me know"]);
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

  it("drops a hope-you-are-well courtesy in front of the request", () => {
    expect(stripPleasantries("Hello, I hope you're keeping well. Do you sell gift cards?")).toBe(
      "Do you sell gift cards?",
    );
    expect(stripPleasantries("hope all is ok! my parcel is late")).toBe("my parcel is late");
  });

  it("leaves a message that is only a greeting alone", () => {
    expect(stripPleasantries("hello there")).toBe("hello there");
    expect(stripPleasantries("thank you")).toBe("thank you");
  });
});

describe("isRequest", () => {
  it("tells a request from background", () => {
    for (const ask of [
      "Could you check it for me?",
      "please send a new one",
      "I'd like a refund",
      "cancel it",
      "I need to change the address",
    ]) {
      expect(isRequest(ask), ask).toBe(true);
    }
    for (const context of [
      "I ordered a lamp on Sunday.",
      "It was a present for my brother.",
      "We moved house last month.",
    ]) {
      expect(isRequest(context), context).toBe(false);
    }
  });
});
