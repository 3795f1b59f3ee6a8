import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { LOCK_FILE_NAME } from "../src/db/data-dir-lock";
import { runThroughline, startThroughline, stopThroughline, throughlineEnv } from "./throughline-process";

// Two real processes on one PGlite folder: the running server and a CLI command.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-lock-"));
const apiKey = `tl_lock_${randomBytes(16).toString("hex")}`;
const env = throughlineEnv(dataDir, { THROUGHLINE_BOOTSTRAP_API_KEY: apiKey });
const headers = { authorization: `Bearer ${apiKey}` };
const running: ChildProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map((child) => stopThroughline(child, "SIGKILL")));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const ordersFile = path.join(dataDir, "orders.ndjson");
const kbDir = path.join(dataDir, "kb");
fs.writeFileSync(
  ordersFile,
  ["LOCK-1", "LOCK-2"]
    .map((number) =>
      JSON.stringify({
        number,
        status: "processing",
        customer: { email: `${number.toLowerCase()}@example.com` },
        lines: [{ id: "1", sku: "TEE-1", title: "Tee", quantity: 1, unitPrice: 20 }],
      }),
    )
    .join("\n"),
);
fs.mkdirSync(kbDir);
fs.writeFileSync(
  path.join(kbDir, "gift-wrap.md"),
  "---\ntitle: Gift wrap\nkind: faq\n---\nWe wrap gifts for free.\n",
);

const orderStatus = async (url: string, number: string) =>
  (await fetch(`${url}/api/v1/orders/${number}`, { headers })).status;

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
  "one process owns the PGlite folder (PGlite only)",
  () => {
    it("refuses import, seed and kb import while the server runs, and loses nothing", async () => {
      const server = await startThroughline(env, running);
      expect(await orderStatus(server.url, "LOCK-1")).toBe(404);

      const refused = await Promise.all([
        runThroughline(["import", "orders", ordersFile], env),
        runThroughline(["seed", "--slug", "second"], env),
        runThroughline(["kb", "import", kbDir], env),
      ]);
      for (const result of refused) {
        expect(result.code, result.stdout + result.stderr).not.toBe(0);
        expect(result.stderr).toContain(`is in use by throughline serve (pid ${server.child.pid}`);
        expect(result.stderr).toContain(`serving ${server.url}`);
        expect(result.stdout).not.toMatch(/inserted|Created workspace|created/);
      }
      // A second server is refused too, before it touches the data.
      const second = await runThroughline(["serve"], env);
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain("is in use by throughline serve");
      expect(await orderStatus(server.url, "LOCK-1")).toBe(404);

      await stopThroughline(server.child, "SIGTERM");
      expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);

      // Alone on the folder, the same command works and its rows survive the next start.
      const imported = await runThroughline(["import", "orders", ordersFile], env);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(/inserted 2/);
      const again = await startThroughline(env, running);
      expect(await orderStatus(again.url, "LOCK-1")).toBe(200);
      expect(await orderStatus(again.url, "LOCK-2")).toBe(200);
      await stopThroughline(again.child, "SIGTERM");
    }, 300_000);
  },
);
