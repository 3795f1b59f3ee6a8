import type { Command } from "commander";
import { registerImportCommand } from "./import-command";
import { registerKnowledgeCommands } from "./kb-commands";
import { registerNluCommands } from "./nlu-command";
import { registerSimCommands } from "./sim-command";
import { registerWorkspaceCommands } from "./workspace-command";

/** Capabilities add their commands here (import, nlu, …), each in its own module. */
export function registerExtraCommands(program: Command): void {
  registerKnowledgeCommands(program);
  registerImportCommand(program);
  registerNluCommands(program);
  registerSimCommands(program);
  registerWorkspaceCommands(program);
}
