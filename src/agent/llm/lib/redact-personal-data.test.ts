import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { redactPersonalData } from "./redact-personal-data";

type LabelledCase = { text: string; region?: string; redact: string[]; keep: string[] };

const cases = JSON.parse(
  readFileSync(new URL("./fixtures/redaction-cases.json", import.meta.url), "utf8"),
) as LabelledCase[];

function score() {
  let truePositives = 0;
  let falseNegatives = 0;
  let falsePositives = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const out = redactPersonalData(c.text, { defaultRegion: c.region ?? "US" });
    for (const span of c.redact) {
      if (out.includes(span)) {
        falseNegatives++;
        misses.push(`kept "${span}" in: ${out}`);
      } else truePositives++;
    }
    for (const span of c.keep) {
      if (out.includes(span)) continue;
      falsePositives++;
      misses.push(`removed "${span}" in: ${out}`);
    }
  }
  return {
    precision: truePositives / (truePositives + falsePositives),
    recall: truePositives / (truePositives + falseNegatives),
    misses,
  };
}

describe("redactPersonalData", () => {
  it("is scored on a labelled list of at least 60 strings with both kinds of label", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => c.redact.length > 0).length).toBeGreaterThanOrEqual(30);
    expect(cases.filter((c) => c.redact.length === 0 && c.keep.length > 0).length).toBeGreaterThanOrEqual(25);
  });

  it("reaches precision and recall of at least 0.95 on the labelled list", () => {
    const { precision, recall, misses } = score();
    expect(misses).toEqual([]);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });

  it("removes UK numbers and a '221b' address, and leaves a 13-digit order number alone", () => {
    const out = redactPersonalData(
      "07911 123456 or +44 7911 123456 or 020 7946 0958; 221b Baker St; order 1234567890123",
      { defaultRegion: "GB" },
    );
    expect(out).toBe("[phone] or [phone] or [phone]; [address]; order 1234567890123");
  });

  it("tells a card from a same-length number by the Luhn check", () => {
    expect(redactPersonalData("4111 1111 1111 1111")).toBe("[card]");
    expect(redactPersonalData("4111 1111 1111 1112")).toBe("4111 1111 1111 1112");
  });

  it("finds international numbers whatever the workspace region, and local ones only in it", () => {
    expect(redactPersonalData("+44 7911 123456", { defaultRegion: "US" })).toBe("[phone]");
    expect(redactPersonalData("07911 123456", { defaultRegion: "GB" })).toBe("[phone]");
    expect(redactPersonalData("where is order 1001?")).toBe("where is order 1001?");
    expect(redactPersonalData("")).toBe("");
  });
});
