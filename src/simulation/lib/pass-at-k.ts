/** Pass rates over repeated runs of one scenario: pass^1 the mean, pass^k all k passing. */
export type PassRates = { runs: number; passed: number; pass1: number; passK: number };

export function passRates(outcomes: boolean[]): PassRates {
  const runs = outcomes.length;
  const passed = outcomes.filter(Boolean).length;
  return { runs, passed, pass1: runs ? passed / runs : 0, passK: runs && passed === runs ? 1 : 0 };
}

/** Suite figures: the mean of each scenario's pass^1 and pass^k, so every scenario weighs the same. */
export function overallRates(perScenario: PassRates[]): { scenarios: number; pass1: number; passK: number } {
  const n = perScenario.length;
  const mean = (pick: (r: PassRates) => number) => (n ? perScenario.reduce((sum, r) => sum + pick(r), 0) / n : 0);
  return { scenarios: n, pass1: mean((r) => r.pass1), passK: mean((r) => r.passK) };
}
