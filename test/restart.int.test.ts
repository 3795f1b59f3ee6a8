import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-restart-"));
const apiKey = `tl_restart_${randomBytes(16).toString("hex")}`;
const running: ChildProcess[] = [];
type MessageList = { messages: { id: string; body: string }[] };

/** Starts the real command a user runs and waits for the line that prints its URL. */
async function startThroughline(): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: "0",
    DATA_DIR: dataDir,
    THROUGHLINE_BOOTSTRAP_API_KEY: apiKey,
    LOG_LEVEL: "warn",
  };
  if (process.env.TEST_DATABASE_URL) env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  const child = spawn(process.execPath, [path.join(root, "bin/throughline.mjs"), "serve"], {
    cwd: root,
    env,
    stdio: "pipe",
  });
  running.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const check = () => {
      const match = output.match(/Health:\s+(http:\/\/\S+)\/health/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", check);
    child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { url, child, output: () => output };
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

afterAll(async () => {
  await Promise.all(running.map((child) => stop(child, "SIGKILL")));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };

describe("restart durability", () => {
  it("keeps acknowledged customers, cases and messages across a restart on the same data", async () => {
    // 1. First start creates the demo workspace and the bootstrap key, never printing the key.
    const first = await startThroughline();
    expect(first.output()).not.toContain(apiKey);
    const health = await fetch(`${first.url}/health`);
    expect(await health.json()).toMatchObject({ status: "ok", database: "ok" });

    const email = `restart.${randomBytes(4).toString("hex")}@example.com`;
    const created = await fetch(`${first.url}/api/v1/inbound`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        channel: "email",
        identities: [{ kind: "email", value: email }],
        text: "Please keep me",
        orderRef: "1042",
      }),
    });
    expect(created.status).toBe(201);
    const {
      customer,
      case: kase,
      message,
    } = (await created.json()) as {
      customer: { id: string };
      case: { id: string };
      message: { id: string };
    };

    // 2. Stop the server the way an operator does.
    await stop(first.child, "SIGTERM");

    // 3. Start again on the same data: everything acknowledged is still there.
    const second = await startThroughline();
    const messages = (await (
      await fetch(`${second.url}/api/v1/cases/${kase.id}/messages`, { headers })
    ).json()) as MessageList;
    expect(messages.messages.map((m: { id: string; body: string }) => [m.id, m.body])).toEqual([
      [message.id, "Please keep me"],
    ]);
    const found = (await (
      await fetch(`${second.url}/api/v1/customers/${customer.id}`, { headers })
    ).json()) as {
      identities: { value: string }[];
    };
    expect(found.identities[0]?.value).toBe(email);
    expect(second.output()).toContain("Demo workspace");
    expect(second.output()).not.toContain("shown once");

    // 4. A crash right after a 2xx must not lose the acknowledged write either.
    const note = await fetch(`${second.url}/api/v1/cases/${kase.id}/messages`, {
      method: "POST",
      headers,
      body: JSON.stringify({ body: "written just before the crash", direction: "internal" }),
    });
    expect(note.status).toBe(201);
    await stop(second.child, "SIGKILL");
    const third = await startThroughline();
    const after = (await (
      await fetch(`${third.url}/api/v1/cases/${kase.id}/messages`, { headers })
    ).json()) as MessageList;
    expect(after.messages.map((m: { body: string }) => m.body)).toEqual([
      "Please keep me",
      "written just before the crash",
    ]);
    await stop(third.child, "SIGTERM");
  }, 240_000);
});
