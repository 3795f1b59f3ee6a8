import { describe, expect, it } from "vitest";
import { detectSensitiveTopic } from "./detect-sensitive-topic";

describe("detectSensitiveTopic", () => {
  it("names fraud, injury and legal matters", () => {
    expect(detectSensitiveTopic("There's an unauthorized charge on my card")).toBe("fraud");
    expect(detectSensitiveTopic("I think this is a scam")).toBe("fraud");
    expect(detectSensitiveTopic("The lamp caught fire and burned my hand")).toBe("injury");
    expect(detectSensitiveTopic("My son was injured by the zip")).toBe("injury");
    expect(detectSensitiveTopic("I will contact my lawyer")).toBe("legal");
    expect(detectSensitiveTopic("I'm going to sue you")).toBe("legal");
  });
  it("leaves ordinary requests alone", () => {
    expect(detectSensitiveTopic("")).toBeNull();
    expect(detectSensitiveTopic("where is my order 1001")).toBeNull();
    expect(detectSensitiveTopic("is the soho store open on sunday")).toBeNull();
    expect(detectSensitiveTopic("I want to return a pair of shoes that hurt my feet a bit")).toBeNull();
  });
});
