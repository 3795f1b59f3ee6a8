import { describe, expect, it } from "vitest";
import { findScheduleConflict } from "./find-schedule-conflict";

const now = new Date("2026-03-01T00:00:00Z");
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("findScheduleConflict", () => {
  it("finds nothing when there is no published version", () => {
    expect(findScheduleConflict({ effectiveFrom: now, effectiveTo: null }, [], now)).toBeUndefined();
  });

  it("lets a new version supersede the version in force", () => {
    const inForce = { version: 1, effectiveFrom: d("2026-01-01"), effectiveTo: null };
    expect(findScheduleConflict({ effectiveFrom: now, effectiveTo: null }, [inForce], now)).toBeUndefined();
  });

  it("lets a version start after a scheduled one (chained schedule)", () => {
    const scheduled = { version: 2, effectiveFrom: d("2026-04-01"), effectiveTo: null };
    expect(
      findScheduleConflict({ effectiveFrom: d("2026-05-01"), effectiveTo: null }, [scheduled], now),
    ).toBeUndefined();
  });

  it("lets a version end before a scheduled one starts", () => {
    const scheduled = { version: 2, effectiveFrom: d("2026-04-01"), effectiveTo: d("2026-04-30") };
    expect(
      findScheduleConflict({ effectiveFrom: now, effectiveTo: d("2026-04-01") }, [scheduled], now),
    ).toBeUndefined();
  });

  it("refuses a version still in force when a scheduled one starts", () => {
    const scheduled = { version: 2, effectiveFrom: d("2026-04-01"), effectiveTo: d("2026-04-30") };
    expect(findScheduleConflict({ effectiveFrom: now, effectiveTo: null }, [scheduled], now)).toBe(scheduled);
    expect(
      findScheduleConflict(
        { effectiveFrom: d("2026-04-01"), effectiveTo: d("2026-04-02") },
        [scheduled],
        now,
      ),
    ).toBe(scheduled);
  });
});
