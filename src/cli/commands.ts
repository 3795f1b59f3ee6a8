import type { Command } from "commander";
import { registerKnowledgeCommands } from "./kb-commands";

/** Capabilities add their commands here (import, nlu, …), each in its own module. */
export function registerExtraCommands(program: Command): void {
  registerKnowledgeCommands(program);
}
