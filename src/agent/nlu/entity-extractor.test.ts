import { describe, expect, it } from "vitest";
import { catalogueGazetteer, EntityExtractor, storeGazetteer } from "./entity-extractor";
import type { Entity } from "./nlu.types";

const extractor = new EntityExtractor({ defaultRegion: "US" });
const now = new Date("2026-11-24T10:00:00Z"); // a Tuesday

function ofType(entities: Entity[], type: Entity["type"]): Entity[] {
  return entities.filter((e) => e.type === type);
}

describe("order numbers", () => {
  it.each([
    ["where is #1042", "1042"],
    ["order 1042 is late", "1042"],
    ["my order number is W1234567", "W1234567"],
    ["ref A-1234 please", "A-1234"],
    ["it's 55821", "55821"],
    ["Order No. 998877 hasn't shipped", "998877"],
  ])("finds the reference in %j", (text, value) => {
    const found = ofType(extractor.extract(text), "order_number");
    expect(found.map((e) => e.value)).toEqual([value]);
    const e = found[0] as Entity;
    expect(text.slice(e.start, e.end).toUpperCase()).toBe(value);
  });

  it("does not read a year or a price as an order number", () => {
    expect(ofType(extractor.extract("I bought it in 2024 for $1299"), "order_number")).toEqual([]);
  });

  it("accepts a retailer's own pattern", () => {
    const custom = new EntityExtractor({ orderNumberPattern: /\bSO-\d{6}\b/ });
    const found = ofType(custom.extract("see SO-123456 and 1042"), "order_number");
    expect(found.map((e) => e.value)).toEqual(["SO-123456"]);
  });
});

describe("contact details", () => {
  it("finds emails", () => {
    const [e] = ofType(extractor.extract("write to Jane.Doe@Example.com today"), "email");
    expect(e?.value).toBe("jane.doe@example.com");
    expect(e?.text).toBe("Jane.Doe@Example.com");
  });

  it("normalises phone numbers to E.164 using the default region", () => {
    const found = ofType(extractor.extract("call me on (415) 555-2671 or +44 20 7946 0958"), "phone");
    expect(found.map((e) => e.value)).toEqual(["+14155552671", "+442079460958"]);
    const uk = new EntityExtractor({ defaultRegion: "GB" });
    expect(ofType(uk.extract("my mobile is 07911 123456"), "phone")[0]?.value).toBe("+447911123456");
  });

  it("does not read an order number as a phone number", () => {
    const entities = extractor.extract("order 732201349959");
    expect(ofType(entities, "phone")).toEqual([]);
    expect(ofType(entities, "order_number")[0]?.value).toBe("732201349959");
  });
});

describe("postal codes", () => {
  it("finds UK postcodes and normalises spacing", () => {
    expect(ofType(extractor.extract("deliver to sw1a1aa please"), "postal_code")[0]?.value).toBe("SW1A 1AA");
    expect(ofType(extractor.extract("stores near M1 1AE"), "postal_code")[0]?.value).toBe("M1 1AE");
  });

  it("finds a US ZIP when the text says it is one", () => {
    expect(ofType(extractor.extract("my zip is 90210"), "postal_code")[0]?.value).toBe("90210");
    expect(ofType(extractor.extract("Springfield, IL 62704-1234"), "postal_code")[0]?.value).toBe(
      "62704-1234",
    );
  });

  it("accepts configured patterns", () => {
    const de = new EntityExtractor({ postalCodePatterns: [/\b\d{5}\b/] });
    expect(ofType(de.extract("PLZ 10115 Berlin"), "postal_code")[0]?.value).toBe("10115");
  });
});

describe("dates", () => {
  it("resolves relative dates against the reference time", () => {
    const found = ofType(extractor.extract("can it come tomorrow or next Friday?", { now }), "date");
    expect(found.map((e) => e.text)).toEqual(["tomorrow", "next Friday"]);
    expect(found[0]?.value).toBe("2026-11-25");
  });

  it("reads explicit dates", () => {
    expect(ofType(extractor.extract("I ordered on March 5th", { now }), "date")[0]?.value).toMatch(/-03-05$/);
  });
});

describe("quantities, sizes and colours", () => {
  it("finds quantities written as digits or words", () => {
    expect(ofType(extractor.extract("I need 3 pairs of socks"), "quantity")[0]?.value).toBe("3");
    expect(ofType(extractor.extract("can I get two mugs"), "quantity")[0]?.value).toBe("2");
    expect(ofType(extractor.extract("it took 3 days"), "quantity")).toEqual([]);
  });

  it("finds sizes and normalises words to letters", () => {
    expect(ofType(extractor.extract("do you have it in XL"), "size")[0]?.value).toBe("XL");
    expect(ofType(extractor.extract("a medium please"), "size")[0]?.value).toBe("M");
    expect(ofType(extractor.extract("shoes in size 9.5"), "size")[0]?.value).toBe("9.5");
  });

  it("finds colours", () => {
    const found = ofType(extractor.extract("the Navy one or the light blue one, not grey"), "colour");
    expect(found.map((e) => e.value)).toEqual(["navy", "light blue", "grey"]);
  });
});

describe("products and stores", () => {
  const products = catalogueGazetteer([
    { id: "p1", name: "Aero Running Jacket", aliases: ["aero jacket"] },
    { id: "p2", name: "Nimbus Kettle" },
  ]);
  const stores = storeGazetteer([
    { id: "s1", name: "Leeds Briggate", city: "Leeds" },
    { id: "s2", name: "Manchester Arndale", city: "Manchester" },
    { id: "s3", name: "Manchester Trafford", city: "Manchester" },
  ]);

  it("matches a product name with a typo", () => {
    const [hit] = ofType(extractor.extract("is the aero runing jaket waterproof?", { products }), "product");
    expect(hit?.value).toBe("p1");
    expect(hit?.text).toBe("aero runing jaket");
    expect(hit?.confidence).toBeLessThan(0.95);
  });

  it("matches an alias", () => {
    expect(ofType(extractor.extract("my Aero Jacket arrived torn", { products }), "product")[0]?.value).toBe(
      "p1",
    );
  });

  it("matches a store by name, or by city when the city has one store", () => {
    expect(ofType(extractor.extract("is Manchester Arndale open", { stores }), "store")[0]?.value).toBe("s2");
    expect(ofType(extractor.extract("hours of the leeds shop", { stores }), "store")[0]?.value).toBe("s1");
    expect(ofType(extractor.extract("any store in Manchester?", { stores }), "store")).toEqual([]);
  });

  it("does not match unrelated short words", () => {
    expect(ofType(extractor.extract("I need a kettle lid", { products }), "product")).toEqual([]);
  });
});
