import { describe, expect, it } from "vitest";
import { analyseSentiment, sentimentTrend } from "./sentiment";

describe("analyseSentiment", () => {
  it("handles negation written in capitals", () => {
    const s = analyseSentiment("This is NOT good");
    expect(s.label).toBe("negative");
    expect(s.score).toBeLessThan(0);
  });

  it("scores praise as positive with no frustration", () => {
    const s = analyseSentiment("Thanks so much, you fixed it!");
    expect(s.label).toBe("positive");
    expect(s.frustration).toBe(0);
  });

  it("keeps plain requests neutral", () => {
    expect(analyseSentiment("please cancel my order").label).toBe("neutral");
    expect(analyseSentiment("The parcel arrived.").label).toBe("neutral");
  });

  it("raises frustration for repeat contact, shouting and threats", () => {
    const calm = analyseSentiment("where is my order");
    const repeat = analyseSentiment("this is the third time I am asking and it's still not here");
    const shouting = analyseSentiment("WHERE IS MY ORDER!!!");
    const threat = analyseSentiment("sort it out or I'll do a chargeback with my bank");
    expect(calm.frustration).toBe(0);
    for (const s of [repeat, shouting, threat]) expect(s.frustration).toBeGreaterThanOrEqual(0.4);
    expect(repeat.label).toBe("negative");
  });

  it("raises frustration for profanity", () => {
    expect(analyseSentiment("where the hell is my damn parcel").frustration).toBeGreaterThanOrEqual(0.4);
  });

  it("detects urgency", () => {
    expect(
      analyseSentiment("I need it by tomorrow, it's for a wedding, urgent please").urgency,
    ).toBeGreaterThanOrEqual(0.7);
    expect(analyseSentiment("what are your opening hours").urgency).toBe(0);
  });

  it("stays within its ranges", () => {
    const s = analyseSentiment(
      "FURIOUS!!! third time, useless, scam, chargeback, lawyer, never shopping here again",
    );
    expect(s.frustration).toBeLessThanOrEqual(1);
    expect(s.score).toBeGreaterThanOrEqual(-1);
  });
});

describe("sentimentTrend", () => {
  it("is stable with too few or flat scores", () => {
    expect(sentimentTrend([])).toBe("stable");
    expect(sentimentTrend([0.2])).toBe("stable");
    expect(sentimentTrend([0.1, 0, 0.05, 0.1])).toBe("stable");
  });

  it("sees worsening and improving conversations", () => {
    expect(sentimentTrend([0.3, 0.1, -0.2, -0.6])).toBe("worsening");
    expect(sentimentTrend([-0.7, -0.4, 0, 0.4])).toBe("improving");
  });

  it("does not let a long calm history hide a sharp final drop", () => {
    expect(sentimentTrend([0.2, 0.2, 0.2, 0.2, 0.2, 0.2, -0.8])).toBe("worsening");
  });
});
