import { describe, expect, it } from "vitest";
import { haversineKm } from "./haversine-km";

describe("haversineKm", () => {
  it("measures London to New York at about 5570 km", () => {
    const km = haversineKm({ latitude: 51.5074, longitude: -0.1278 }, { latitude: 40.7128, longitude: -74.006 });
    expect(km).toBeGreaterThan(5550);
    expect(km).toBeLessThan(5590);
  });
  it("is zero for the same point and symmetric", () => {
    const a = { latitude: 10, longitude: 20 };
    const b = { latitude: -33.9, longitude: 151.2 };
    expect(haversineKm(a, a)).toBe(0);
    expect(haversineKm(a, b)).toBeCloseTo(haversineKm(b, a), 6);
  });
  it("handles the antimeridian", () => {
    expect(haversineKm({ latitude: 0, longitude: 179.5 }, { latitude: 0, longitude: -179.5 })).toBeLessThan(112);
  });
});
