import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO_DIR } from "./scenario-dirs";
import { ScenarioFileError, loadScenarios, parseScenarioFile } from "./scenario-loader";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scenarios-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("scenario files", () => {
  it("reads one scenario, a list, or { scenarios: [...] } with defaults filled in", () => {
    const one = parseScenarioFile("a.yaml", "id: one\ntitle: One\nturns:\n  - say: hi\n");
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ id: "one", data: "demo", channel: "rest", sender: { email: "shopper@example.net" } });
    const listed = parseScenarioFile("b.json", JSON.stringify([{ id: "two", title: "Two", turns: [{ say: "hi" }] }]));
    expect(listed.map((s) => s.id)).toEqual(["two"]);
    const wrapped = parseScenarioFile("c.yml", "scenarios:\n  - { id: three, title: Three, turns: [{ say: hi }] }\n");
    expect(wrapped.map((s) => s.id)).toEqual(["three"]);
  });

  it("names the file and the field of an invalid scenario", () => {
    expect(() => parseScenarioFile("bad.yaml", "id: x1\ntitle: T\nturns: []\n")).toThrow(/bad\.yaml: turns: /);
    expect(() => parseScenarioFile("bad.yaml", "id: Not Valid\ntitle: T\nturns: [{ say: hi }]\n")).toThrow(/bad\.yaml: id: lower-case/);
    expect(() =>
      parseScenarioFile("bad.yaml", "id: x2\ntitle: T\nturns: [{ say: hi, expect: { include: [{ pattern: '(' }] } }]\n"),
    ).toThrow(/turns\.0\.expect\.include\.0/);
    expect(() => parseScenarioFile("bad.yaml", "id: [unclosed\n")).toThrow(ScenarioFileError);
  });

  it("refuses the same id in two files", () => {
    fs.writeFileSync(path.join(dir, "a.yaml"), "id: same\ntitle: A\nturns: [{ say: hi }]\n");
    fs.writeFileSync(path.join(dir, "b.yaml"), "id: same\ntitle: B\nturns: [{ say: hi }]\n");
    expect(() => loadScenarios(dir)).toThrow(/duplicate scenario id same/);
    expect(() => loadScenarios(path.join(dir, "missing"))).toThrow(/no such folder/);
  });

  it("ships at least 60 valid scenarios over the demo and tau-retail data", () => {
    const scenarios = loadScenarios(DEFAULT_SCENARIO_DIR);
    expect(scenarios.length).toBeGreaterThanOrEqual(60);
    expect(scenarios.filter((s) => s.data === "demo").length).toBeGreaterThanOrEqual(50);
    expect(scenarios.some((s) => s.data === "tau-retail")).toBe(true);
  });
});
