import { describe, expect, it } from "vitest";
import { storeGazetteerItems } from "./store-gazetteer-items";

describe("storeGazetteerItems", () => {
  it("drops the brand word every store shares", () => {
    const items = storeGazetteerItems([
      { code: "S1", name: "Northwind Soho", city: "New York" },
      { code: "S2", name: "Northwind Union Square", city: "New York" },
    ]);
    expect(items[0]).toEqual({ id: "S1", name: "Northwind Soho", city: "New York", aliases: ["Soho"] });
    expect(items[1]?.aliases).toEqual(["Union Square"]);
  });
  it("also drops the city from a name that carries it", () => {
    const items = storeGazetteerItems([
      { code: "L", name: "Northwind London Covent Garden", city: "London" },
      { code: "S", name: "Northwind Soho", city: "New York" },
    ]);
    expect(items[0]?.aliases).toEqual(["London Covent Garden", "Covent Garden"]);
  });
  it("adds no alias for one store, distinct names or none at all", () => {
    expect(storeGazetteerItems([{ code: "S1", name: "Northwind Soho" }])).toEqual([{ id: "S1", name: "Northwind Soho" }]);
    expect(storeGazetteerItems([{ code: "A", name: "Soho" }, { code: "B", name: "Upper West Side" }])[0]).toEqual({ id: "A", name: "Soho" });
    expect(storeGazetteerItems([])).toEqual([]);
  });
});
