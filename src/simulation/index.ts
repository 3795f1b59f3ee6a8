export { runSimulation, DEFAULT_SIMULATION_CLOCK, type SimulationOptions, type SimulationReport, type ScenarioReport } from "./simulation-runner";
export { loadScenarios, parseScenarioFile, ScenarioFileError } from "./scenario-loader";
export { formatReport } from "./simulation-report";
export { importWorkspaceData } from "./lib/import-workspace-data";
export { scenarioSchema, type Scenario, type ScenarioInput } from "./scenario.types";
export { DEFAULT_SCENARIO_DIR } from "./scenario-dirs";
