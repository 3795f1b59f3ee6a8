import type { Command } from "commander";

/** Capabilities add their commands here (import, nlu, …), each in its own module. */
export function registerExtraCommands(program: Command): void {
  void program;
}
