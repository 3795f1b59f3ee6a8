import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { audit, countStored, startLoad, waitFor } from "./message-load";
import { createPrivatePostgres, findPostgresBinaries, type PrivatePostgres } from "./private-postgres";
import { startThroughline, stopThroughline, throughlineEnv } from "./throughline-process";

/*
 * PostgreSQL stopped and started under load, on a private server this test starts (never the
 * shared one). It belongs to the PostgreSQL run (`npm run test:pg`, which CI runs); it needs the
 * server binaries (initdb, pg_ctl).
 */
const binDir = findPostgresBinaries();
const onPostgresRun = Boolean(process.env.TEST_DATABASE_URL);
const skipReason = !onPostgresRun
  ? " (skipped: runs with npm run test:pg)"
  : !binDir
    ? " (skipped: no PostgreSQL server binaries; set PG_BIN_DIR)"
    : "";

const apiKey = `tl_outage_${randomBytes(16).toString("hex")}`;
const headers = { authorization: `Bearer ${apiKey}` };
const running: ChildProcess[] = [];
let postgres: PrivatePostgres | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-outage-"));

afterAll(async () => {
  await Promise.all(running.map((child) => stopThroughline(child, "SIGKILL")));
  postgres?.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.runIf(onPostgresRun && binDir)(`PostgreSQL outage under load${skipReason}`, () => {
  it("stays up, answers 503 with Retry-After while down, recovers, and loses or duplicates nothing", async () => {
    postgres = await createPrivatePostgres(binDir ?? "");
    postgres.start();
    const server = await startThroughline(
      throughlineEnv(dataDir, { DATABASE_URL: postgres.url, THROUGHLINE_BOOTSTRAP_API_KEY: apiKey }),
      running,
    );

    const load = startLoad({ url: () => server.url, headers, workers: 6, retry: true });
    const acknowledged = load.acknowledged;
    await waitFor(() => acknowledged() >= 20, 120_000, "20 acknowledged messages before the outage");

    postgres.stop();
    const down = Date.now();
    // While the database is down: the process is alive, health says so, the API says 503 + Retry-After.
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: "unreachable" });
    const read = await fetch(`${server.url}/api/v1/customers`, { headers });
    expect(read.status).toBe(503);
    expect(read.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await read.json()) as { error: { code: string } }).error.code).toBe("DATABASE_UNAVAILABLE");
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 3_000 - (Date.now() - down))));
    expect(server.child.exitCode).toBeNull();
    const beforeRestart = acknowledged();

    postgres.start();
    await waitFor(
      () => acknowledged() >= beforeRestart + 20,
      120_000,
      "20 acknowledged messages after the restart",
    );
    const sent = await load.stop();
    const statuses = sent.flatMap((m) => m.statuses);
    expect(server.child.exitCode).toBeNull();
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(sent.flatMap((m) => m.retryAfter).every((value) => value !== null && /^\d+$/.test(value))).toBe(
      true,
    );
    // Never a 500 and never a dropped connection: only success or "retry later".
    expect(statuses.filter((status) => status !== 200 && status !== 201 && status !== 503)).toEqual([]);
    expect(sent.every((m) => m.acknowledged)).toBe(true);
    const stored = await countStored(
      server.url,
      headers,
      sent.map((m) => m.caseId ?? ""),
    );
    expect(audit(sent, stored)).toEqual({ lost: [], duplicated: [] });
    expect(sent.filter((m) => stored.get(m.text) !== 1)).toEqual([]);
    console.info(
      `PostgreSQL outage: ${sent.length} messages acknowledged exactly once, ` +
        `${statuses.filter((status) => status === 503).length} answers 503 while down, 0 lost, 0 duplicated`,
    );
    // An operator stopping the server while the database is down again: it must still exit, and
    // cleanly, without any shutdown step left waiting on a connection the outage took away.
    postgres.stop();
    await stopThroughline(server.child, "SIGTERM");
    expect(server.output().match(/shutdown: .* did not stop within .*/g) ?? []).toEqual([]);
    expect(server.child.exitCode).toBe(0);
  }, 400_000);
});
