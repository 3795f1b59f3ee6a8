import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { LOCK_FILE_NAME } from "../src/db/data-dir-lock";
import { audit, countStored, startLoad, waitFor } from "./message-load";
import { startThroughline, stopThroughline, throughlineEnv } from "./throughline-process";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-restart-"));
const apiKey = `tl_restart_${randomBytes(16).toString("hex")}`;
const running: ChildProcess[] = [];
type MessageList = { messages: { id: string; body: string }[] };

const start = () =>
  startThroughline(throughlineEnv(dataDir, { THROUGHLINE_BOOTSTRAP_API_KEY: apiKey }), running);
const stop = stopThroughline;

afterAll(async () => {
  await Promise.all(running.map((child) => stop(child, "SIGKILL")));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };

describe("restart durability", () => {
  it("keeps acknowledged customers, cases and messages across a restart on the same data", async () => {
    // 1. First start creates the demo workspace and the bootstrap key, never printing the key.
    const first = await start();
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
    const second = await start();
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
    // The killed server's lock is left behind; its pid is gone, so it must not block the next start.
    if (!process.env.TEST_DATABASE_URL) expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);
    const third = await start();
    const after = (await (
      await fetch(`${third.url}/api/v1/cases/${kase.id}/messages`, { headers })
    ).json()) as MessageList;
    expect(after.messages.map((m: { body: string }) => m.body)).toEqual([
      "Please keep me",
      "written just before the crash",
    ]);
    await stop(third.child, "SIGTERM");
  }, 240_000);

  it("loses and duplicates no acknowledged message when killed -9 under load", async () => {
    const server = await start();
    const load = startLoad({ url: () => server.url, headers, workers: 6, retry: false });
    // Let a good number of messages through, then pull the plug mid-flight.
    await waitFor(() => load.acknowledged() >= 30, 90_000, "30 acknowledged messages");
    await stop(server.child, "SIGKILL");
    const sent = await load.stop();

    const acknowledged = sent.filter((m) => m.acknowledged);
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
    expect(sent.some((m) => !m.acknowledged)).toBe(true);
    const after = await start();
    const stored = await countStored(
      after.url,
      headers,
      acknowledged.map((m) => m.caseId ?? ""),
    );
    expect(audit(sent, stored)).toEqual({ lost: [], duplicated: [] });
    console.info(`kill -9 under load: ${acknowledged.length} acknowledged messages, 0 lost, 0 duplicated`);
    await stop(after.child, "SIGTERM");
  }, 240_000);
});
