import { fileURLToPath } from "node:url";

/** The scenarios shipped with the project: `demo/` over the demo workspace, `tau-retail/` over the imported τ-bench data. */
export const DEFAULT_SCENARIO_DIR = fileURLToPath(new URL("./scenarios", import.meta.url));
