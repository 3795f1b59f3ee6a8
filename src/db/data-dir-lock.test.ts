import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE_NAME, readLiveOwner } from "./data-dir-lock";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-lock-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const writeLock = (dir: string, owner: Record<string, unknown>) =>
  fs.writeFileSync(
    path.join(dir, LOCK_FILE_NAME),
    JSON.stringify({ command: "throughline serve", startedAt: "2026-01-01T00:00:00Z", nonce: "x", ...owner }),
  );

describe("data folder lock", () => {
  it("lets one holder in, refuses a second, and frees the folder on release", () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, "throughline serve");
    lock.note({ url: "http://localhost:3999" });
    expect(() => acquireDataDirLock(dir, "throughline import")).toThrow(DataDirInUseError);
    expect(() => acquireDataDirLock(dir, "throughline import")).toThrow(
      /in use by throughline serve \(pid \d+.*serving http:\/\/localhost:3999/,
    );
    expect(readLiveOwner(dir)?.pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
    acquireDataDirLock(dir).release();
  });

  it("takes over the lock of a process that no longer exists (kill -9)", () => {
    const dir = tempDir();
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    writeLock(dir, { pid: gone, hostname: os.hostname() });
    expect(readLiveOwner(dir)).toBeUndefined();
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("refuses while the recorded process is alive", async () => {
    const dir = tempDir();
    const alive = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeLock(dir, { pid: alive.pid, hostname: os.hostname() });
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`pid ${alive.pid}`));
      expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(true);
    } finally {
      alive.kill("SIGKILL");
    }
  });

  it("never guesses about another machine's process and says how to clear it", () => {
    const dir = tempDir();
    writeLock(dir, { pid: 1, hostname: "some-other-host" });
    expect(() => acquireDataDirLock(dir)).toThrow(/on some-other-host.*delete .*throughline\.lock/);
  });

  it("treats an unreadable lock as in use while it may still be being written, stale after that", () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE_NAME);
    fs.writeFileSync(file, "");
    expect(() => acquireDataDirLock(dir)).toThrow(/another process/);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    acquireDataDirLock(dir).release();
  });
});
