import fs from "node:fs";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "../../test/helpers";
import { snapshotTables } from "./lib/table-snapshot";
import { loadScenarios } from "./scenario-loader";
import { DEFAULT_SCENARIO_DIR } from "./scenario-dirs";
import { scenarioSchema, type Scenario } from "./scenario.types";
import { runSimulation, type SimulationReport } from "./simulation-runner";

/** Shipped scenarios across every file: the CI subset (the full suite runs with `npm run sim`). */
const SUBSET = [
  "verify-zip-code-words",
  "verify-claimed-email-other-customer",
  "facts-pending-no-invented-date",
  "cancel-yes-go-ahead",
  "cancel-declined-no-keep-it",
  "return-only-the-named-item",
  "address-bare-answer",
  "hours-weekday",
  "hours-christmas-day",
  "policy-return-window-shoes",
  "stock-no-variant-named",
  "multi-hours-and-policy",
];

const own = (input: unknown): Scenario => scenarioSchema.parse(input);

/** 1. Cancels order 1010 on every run: if one run's change leaked into the next, run 2 would find it cancelled already. */
const cancelEveryRun = own({
  id: "runner-cancel-every-run",
  title: "cancel 1010",
  sender: { email: "luis.ortega@example.com" },
  turns: [{ say: "I want to cancel order 1010" }, { say: "my zip is 60607", expect: { verified: true } }, { say: "yes" }],
  end: { orders: { "1010": { status: "cancelled" } }, events: ["order.cancelled"] },
});

/** 2. Expectations no reply can meet: the runner must say exactly where each one failed. */
const wrongOnPurpose = own({
  id: "runner-wrong-on-purpose",
  title: "impossible expectations",
  turns: [{ say: "What time does the Soho store close on Thursday?", expect: { include: ["a phrase no reply contains"], exclude: ["Soho"] } }],
  end: { orders: { "1010": { status: "delivered" } }, events: ["return.created"] },
});

const K = 2;
let report: SimulationReport;

beforeAll(async () => {
  const shipped = loadScenarios(DEFAULT_SCENARIO_DIR).filter((s) => SUBSET.includes(s.id));
  expect(shipped.map((s) => s.id).sort()).toEqual([...SUBSET].sort());
  const snapshot = inject("pgliteSnapshot");
  report = await runSimulation([...shipped, cancelEveryRun, wrongOnPurpose], {
    k: K,
    postgresUrl: process.env.TEST_DATABASE_URL,
    pgliteDump: snapshot ? new Blob([fs.readFileSync(snapshot)]) : undefined,
  });
}, 300_000);

const scenario = (id: string) => {
  const found = report.scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`no report for ${id}`);
  return found;
};

describe("conversation simulation", () => {
  it("is deterministic on the built-in engine: every run of a scenario ends the same, so pass^k = pass^1", () => {
    for (const s of report.scenarios) {
      expect(s.consistent, s.id).toBe(true);
      expect(s.runs, s.id).toBe(K);
      expect(s.pass1, s.id).toBe(s.passK);
    }
    expect(report.overall.pass1).toBe(report.overall.passK);
  });

  it("starts every run from the seeded data, so an order cancelled in one run is open again in the next", () => {
    const cancel = scenario("runner-cancel-every-run");
    expect(cancel.failures).toEqual([]);
    expect(cancel.passed).toBe(K);
    expect(cancel.transcript.at(-1)?.reply).toMatch(/cancelled/i);
  });

  it("reports each unmet expectation with the turn or end-state check it came from", () => {
    const wrong = scenario("runner-wrong-on-purpose");
    expect(wrong.passed).toBe(0);
    expect(wrong.failures).toEqual([
      'turn 1: missing "a phrase no reply contains"',
      'turn 1: must not state "Soho"',
      "end: order 1010 status is processing, expected delivered",
      "end: no return.created event recorded",
    ]);
    expect(wrong.transcript[0]?.reply).toMatch(/Soho/);
  });

  it("reports pass^1 and pass^k per scenario and overall", () => {
    expect(report.scenarios).toHaveLength(SUBSET.length + 2);
    const mean = report.scenarios.reduce((sum, s) => sum + s.pass1, 0) / report.scenarios.length;
    expect(report.overall.pass1).toBeCloseTo(mean);
    expect(report.k).toBe(K);
    const cancelTag = report.byTag["cancel"];
    const cancelScenarios = report.scenarios.filter((s) => s.tags.includes("cancel"));
    expect(cancelTag?.scenarios).toBe(cancelScenarios.length);
    expect(cancelTag?.pass1).toBeCloseTo(cancelScenarios.reduce((sum, s) => sum + s.pass1, 0) / cancelScenarios.length);
  });
});

describe("table snapshot", () => {
  it("puts rows, deletions and sequences back as they were", async () => {
    const database = await createTestDatabase();
    try {
      await database.exec(
        "DROP TABLE IF EXISTS snapshot_probe; CREATE TABLE snapshot_probe (id serial PRIMARY KEY, name text NOT NULL, upper_name text GENERATED ALWAYS AS (upper(name)) STORED); INSERT INTO snapshot_probe (name) VALUES ('a'), ('b')",
      );
      // Only this table: on PostgreSQL other test files share the database.
      const restore = await snapshotTables(database, { schema: "snapshot_probe_copy", only: ["snapshot_probe"] });
      await database.exec("DELETE FROM snapshot_probe WHERE name = 'a'; UPDATE snapshot_probe SET name = 'changed'; INSERT INTO snapshot_probe (name) VALUES ('c')");
      await restore();
      expect(await database.query("SELECT id, name, upper_name FROM snapshot_probe ORDER BY id")).toEqual([
        { id: 1, name: "a", upper_name: "A" },
        { id: 2, name: "b", upper_name: "B" },
      ]);
      const [next] = await database.query<{ id: number }>("INSERT INTO snapshot_probe (name) VALUES ('d') RETURNING id");
      expect(next?.id).toBe(3);
    } finally {
      await database.exec("DROP TABLE IF EXISTS snapshot_probe; DROP SCHEMA IF EXISTS snapshot_probe_copy CASCADE");
      await database.close();
    }
  });
});
