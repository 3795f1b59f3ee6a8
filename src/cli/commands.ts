import type { Command } from "commander";
import { registerImportCommand } from "./import-command";
import { registerKnowledgeCommands } from "./kb-commands";
import { registerNluCommands } from "./nlu-command";

/** Capabilities add their commands here (import, nlu, …), each in its own module. */
export function registerExtraCommands(program: Command): void {
  registerKnowledgeCommands(program);
  registerImportCommand(program);
  registerNluCommands(program);
}
