/** Injectable time source: business hours, trust windows and schedules are tested with a controlled clock. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export type ManualClock = Clock & { set(date: Date | string): void; advance(ms: number): void };

export function manualClock(start: Date | string = "2026-01-15T12:00:00Z"): ManualClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (date) => {
      current = new Date(date).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
