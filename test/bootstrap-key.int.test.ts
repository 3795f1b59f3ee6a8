import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/core/config";
import { createLogger } from "../src/core/logger";
import { startServer, type RunningServer } from "../src/http/server";

// The real start-up path twice on one folder: a revoked THROUGHLINE_BOOTSTRAP_API_KEY stays revoked.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-bootstrap-"));
const key = `tl_boot_${randomBytes(16).toString("hex")}`;
let open: RunningServer | undefined;

afterAll(async () => {
  await open?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ server: RunningServer; output: () => string }> {
  let output = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  });
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: "0",
    SMTP_PORT: "0",
    THROUGHLINE_BOOTSTRAP_API_KEY: key,
    LOG_LEVEL: "info",
  });
  const server = await startServer(config, createLogger("info", sink), (line) => (output += `${line}\n`));
  open = server;
  return { server, output: () => output };
}

const customers = (url: string) =>
  fetch(`${url}/api/v1/customers`, { headers: { authorization: `Bearer ${key}` } });

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
  "bootstrap API key across restarts (PGlite folder)",
  () => {
    it("stays revoked after a restart and the warning never contains the key", async () => {
      const first = await start();
      expect((await customers(first.server.url)).status).toBe(200);
      const { services } = first.server;
      const workspace = await services.workspaces.findBySlug("demo");
      const bootstrap = (await services.auth.listApiKeys(workspace?.id ?? "")).find(
        (k) => k.name === "bootstrap",
      );
      await services.auth.revokeApiKey(workspace?.id ?? "", bootstrap?.id ?? "");
      expect((await customers(first.server.url)).status).toBe(401);
      await first.server.close();

      const second = await start();
      expect((await customers(second.server.url)).status).toBe(401);
      expect(second.output()).toMatch(/THROUGHLINE_BOOTSTRAP_API_KEY names a revoked API key/);
      expect(second.output()).not.toContain(key);
      await second.server.close();
      open = undefined;
    }, 240_000);
  },
);
