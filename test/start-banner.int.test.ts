import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/core/config";
import { showCredentials, startServer, type RunningServer } from "../src/http/server";
import { captureLogs, scanLogs } from "./log-scan";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-banner-"));
let server: RunningServer | undefined;

afterAll(async () => {
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("first-start credentials", () => {
  it("never reach the logger, and off a terminal go to a file only this user can read", async () => {
    const capture = captureLogs("trace");
    const printed: string[] = [];
    const config = loadConfig({ PORT: "0", SMTP_PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "trace", SEED_DEMO: "true" });
    server = await startServer(config, capture.logger, (line) => printed.push(line), false);

    const file = path.join(dataDir, "first-start-credentials.txt");
    const stored = fs.readFileSync(file, "utf8");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const apiKey = stored.match(/API key:\s+(tl_\S+)/)?.[1];
    const password = stored.match(/admin:\s+\S+ \/ (\S+)/)?.[1];
    expect(apiKey).toBeDefined();
    expect(password).toBeDefined();

    // The key works, and it is nowhere in what was printed or logged.
    const me = await fetch(`${server.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(me.status).toBe(200);
    expect(printed.join("\n")).toContain(file);
    expect(printed.join("\n")).not.toContain(apiKey);
    expect(printed.join("\n")).not.toContain(password);
    expect(capture.lines().length).toBeGreaterThan(0);
    expect(scanLogs(capture.lines(), [apiKey ?? "", password ?? ""])).toEqual([]);
  }, 180_000); // a full server start with the demo seed: slow on a loaded 2-core machine

  it("are printed on a terminal, through the print function and not a logger", () => {
    const printed: string[] = [];
    showCredentials(["    API key:    tl_example"], dataDir, (line) => printed.push(line), true);
    expect(printed.join("\n")).toContain("tl_example");
  });
});
