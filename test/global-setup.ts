import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/client";
import { migrate } from "../src/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

/**
 * Builds one migrated PGlite data dir and dumps it; every test file starts from that dump,
 * which is several times faster than initdb plus migrations per file.
 */
export default async function setup(project: TestProject) {
  // Tests that start `throughline` as a process run the compiled dist/, so it is rebuilt from the sources first.
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, "../scripts/build-server.mjs")], { stdio: "ignore" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-test-"));
  const file = path.join(dir, "snapshot.tar.gz");
  if (!process.env.TEST_DATABASE_URL) {
    const database = await openDatabase({});
    await migrate(database);
    const dump = await database.dump?.();
    if (dump) fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await database.close();
  }
  project.provide("pgliteSnapshot", fs.existsSync(file) ? file : "");
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
