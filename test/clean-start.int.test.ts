import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/core/config";
import { createLogger } from "../src/core/logger";
import { startServer, type RunningServer } from "../src/http/server";

// A start without the demo on an empty folder: the one command to run is printed, the operator
// API creates the retailer's workspace, and the bootstrap key belongs to the workspace it names.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-clean-start-"));
const bootstrapKey = `tl_boot_${randomBytes(16).toString("hex")}`;
const operatorKey = `op_${randomBytes(24).toString("hex")}`;
let open: RunningServer | undefined;

afterAll(async () => {
  await open?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ server: RunningServer; printed: string[] }> {
  const printed: string[] = [];
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: "0",
    SMTP_PORT: "0",
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    THROUGHLINE_BOOTSTRAP_API_KEY: bootstrapKey,
    THROUGHLINE_BOOTSTRAP_WORKSPACE: "acme",
    THROUGHLINE_OPERATOR_API_KEY: operatorKey,
  });
  const server = await startServer(config, createLogger("silent"), (line) => printed.push(line), true);
  open = server;
  return { server, printed };
}

const request = (url: string, key: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(url, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${key}`, ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("a clean start without the demo (PGlite folder)", () => {
  it("prints the command, creates the workspace over the operator API, then honours the bootstrap key for it", async () => {
    const first = await start();
    const text = first.printed.join("\n");
    expect(text).toContain("npx throughline workspace create");
    expect(text).toContain('THROUGHLINE_BOOTSTRAP_WORKSPACE "acme" does not exist yet');
    expect((await request(`${first.server.url}/api/v1/workspace`, bootstrapKey)).status).toBe(401);

    const operator = `${first.server.url}/api/v1/operator/workspaces`;
    const body = { slug: "acme", name: "Acme Outdoor", adminEmail: "ops@acme.example" };
    expect((await request(operator, "op_wrong", { method: "POST", body })).status).toBe(401);
    const bad = await request(operator, operatorKey, { method: "POST", body: { ...body, slug: "Not A Slug" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field?: string } }).error.field).toBe("slug");
    const created = await request(operator, operatorKey, { method: "POST", body });
    expect(created.status).toBe(201);
    const provisioned = (await created.json()) as { apiKey: string; admin: { email: string; password: string } };
    expect((await request(operator, operatorKey, { method: "POST", body })).status).toBe(409);

    // The new admin key works in its workspace and is no operator key.
    const workspace = await request(`${first.server.url}/api/v1/workspace`, provisioned.apiKey);
    expect(await workspace.json()).toMatchObject({ slug: "acme" });
    expect((await request(operator, provisioned.apiKey)).status).toBe(401);
    const login = await fetch(`${first.server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ workspace: "acme", email: provisioned.admin.email, password: provisioned.admin.password }),
    });
    expect(login.status).toBe(200);
    await first.server.close();
    open = undefined;

    const second = await start();
    expect(second.printed.join("\n")).not.toContain("npx throughline workspace create");
    expect(second.printed.join("\n")).toContain('Bootstrap API key created for workspace "acme"');
    const viaBootstrap = await request(`${second.server.url}/api/v1/workspace`, bootstrapKey);
    expect(await viaBootstrap.json()).toMatchObject({ slug: "acme" });
  }, 240_000);
});
