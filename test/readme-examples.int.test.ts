import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startThroughline, stopThroughline, throughlineEnv, type RunningThroughline } from "./throughline-process";

/**
 * The README's examples marked ```sh test run against a started demo server, so they cannot rot.
 * `KEY=…` placeholder lines are dropped (the test sets KEY to the bootstrap key) and the
 * documented address is replaced by the server's; curl fails on any non-2xx answer.
 */
const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8");
const blocks = [...readme.matchAll(/^```sh test\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? "");

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-readme-"));
const key = `tl_${randomBytes(24).toString("base64url")}`;
const running: ChildProcess[] = [];
let server: RunningThroughline;

beforeAll(async () => {
  server = await startThroughline(throughlineEnv(dataDir, { THROUGHLINE_BOOTSTRAP_API_KEY: key }), running);
}, 180_000);

afterAll(async () => {
  for (const child of running) await stopThroughline(child, "SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("README examples", () => {
  it("has examples marked for testing", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((block, index) => [index + 1, block] as const))("example %i runs and succeeds", (_index, block) => {
    const script = block
      .split("\n")
      .filter((line) => !/^KEY=/.test(line))
      .join("\n")
      .replaceAll("http://localhost:3000", server.url)
      .replaceAll("localhost:3000", server.url);
    const result = spawnSync("bash", ["-c", `set -euo pipefail\ncurl() { command curl -sS --fail-with-body "$@"; }\n${script}`], {
      env: { ...process.env, KEY: key },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status, `${script}\n${result.stdout}\n${result.stderr}`).toBe(0);
  });
});
