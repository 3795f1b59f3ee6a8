import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EntityExtractor } from "../entity-extractor";
import { evaluateEntities, parseLabelledTurns } from "./evaluate-entities";
import { readPendingAnswer } from "./pending-answer";

const load = (name: string) => parseLabelledTurns(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
const rows = load("labelled-entity-turns.jsonl");
// Written after the extractor, in other words, to see how it does on phrasings it was not built on.
const heldOut = load("held-out-entity-turns.jsonl");
const extractor = new EntityExtractor({ defaultRegion: "US" });
const now = new Date("2026-11-29T10:00:00Z"); // a Sunday

describe("entity recall on labelled turns", () => {
  const report = evaluateEntities(rows, (text) => extractor.extract(text, { now }));

  it("covers every phrasing with at least 150 labelled turns", () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
    for (const type of ["order_number", "postal_code", "email", "person_name", "address", "date"]) {
      expect(report.byType[type]?.expected ?? 0, type).toBeGreaterThanOrEqual(10);
    }
  });

  it.each([
    ["order_number", 0.98],
    ["postal_code", 0.98],
    ["email", 0.98],
    ["person_name", 0.9],
    ["address", 0.9],
    ["date", 0.9],
  ])("%s recall is at least %d", (type, target) => {
    expect(report.byType[type]?.recall ?? 0, JSON.stringify(report.misses.filter((m) => m.type === type))).toBeGreaterThanOrEqual(target);
  });

  it("finds no order number or postal code where the labels say there is none", () => {
    expect(report.spurious.filter((s) => s.type === "order_number" || s.type === "postal_code")).toEqual([]);
  });
});

describe("entity recall on the second set of turns", () => {
  const report = evaluateEntities(heldOut, (text) => extractor.extract(text, { now }));
  it.each([["order_number"], ["postal_code"], ["email"], ["person_name"]])("%s recall is at least 0.9", (type) => {
    expect(report.byType[type]?.recall ?? 0, JSON.stringify(report.misses)).toBeGreaterThanOrEqual(0.9);
  });
});

describe("reading a short answer by the question asked", () => {
  it("takes a bare number as the postal code only when the postal code was asked for", () => {
    const plain = extractor.extract("It's 60612", { now });
    expect(plain.map((e) => e.type)).toEqual(["order_number"]);
    expect(readPendingAnswer(plain, "postal_code").map((e) => [e.type, e.value])).toEqual([["postal_code", "60612"]]);
    expect(readPendingAnswer(plain, "order_number")).toEqual(plain);
  });

  it("splits an order number and a postal code given together", () => {
    const both = readPendingAnswer(extractor.extract("1002, 10012", { now }), "postal_code");
    expect(both.map((e) => [e.type, e.value])).toEqual([
      ["order_number", "1002"],
      ["postal_code", "10012"],
    ]);
  });
});

describe("addresses", () => {
  it("claims the postal code inside a new address for the address alone", () => {
    const found = extractor.extract("order 1001: send it to 21 Spring Street, New York, NY 10012", { now });
    expect(found.filter((e) => e.type === "postal_code")).toEqual([]);
    expect(found.filter((e) => e.type === "order_number").map((e) => e.value)).toEqual(["1001"]);
    const address = found.find((e) => e.type === "address");
    expect(address?.value).toBe("21 Spring Street, New York, NY 10012");
  });
});

describe("spoken forms", () => {
  it("reports spans in the customer's own words", () => {
    const text = "order W seven seven two oh nine one three, zip code six oh six one two";
    const found = extractor.extract(text, { now });
    const order = found.find((e) => e.type === "order_number");
    const zip = found.find((e) => e.type === "postal_code");
    expect(order?.value).toBe("W7720913");
    expect(order?.text).toBe("W seven seven two oh nine one three");
    expect(zip?.value).toBe("60612");
    expect(text.slice(zip?.start, zip?.end)).toBe("six oh six one two");
  });
});
