import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";

/**
 * PGlite is a single-process engine: two processes on one data folder each keep their own
 * copy of the database in memory and the last to write its pages wins, so the other's
 * acknowledged rows vanish. One process owns the folder, proven by an O_EXCL lock file holding
 * its pid; a lock whose process is gone (kill -9, power loss) is stale and taken over.
 */
export const LOCK_FILE_NAME = "throughline.lock";

export type LockOwner = {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
  /** Set by the server once it listens, so a refused command can say where to send the work. */
  url?: string;
  /** Distinguishes our lock from a successor's when releasing. */
  nonce: string;
};

export class DataDirInUseError extends Error {
  override name = "DataDirInUseError";
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner | undefined,
  ) {
    super(describeRefusal(dataDir, owner));
  }
}

export type DataDirLock = {
  file: string;
  /** Adds what the owner wants a refused process to know (the server's URL). */
  note(info: { url: string }): void;
  release(): void;
};

const held = new Map<string, LockOwner>();

export function acquireDataDirLock(dataDir: string, command = describeCommand()): DataDirLock {
  const file = path.join(path.resolve(dataDir), LOCK_FILE_NAME);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const owner: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    command,
    startedAt: new Date().toISOString(),
    nonce: randomBytes(8).toString("hex"),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(owner), { flag: "wx", mode: 0o600 });
      held.set(file, owner);
      return {
        file,
        note: (info) => {
          if (held.get(file)?.nonce !== owner.nonce) return;
          Object.assign(owner, info);
          fs.writeFileSync(file, JSON.stringify(owner), { mode: 0o600 });
        },
        release: () => releaseLock(file, owner.nonce),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const existing = readOwner(file);
    if (!isStale(file, existing)) throw new DataDirInUseError(path.resolve(dataDir), existing);
    fs.rmSync(file, { force: true });
  }
  throw new DataDirInUseError(path.resolve(dataDir), readOwner(file));
}

/** Who holds the folder's lock, if anyone alive does. */
export function readLiveOwner(dataDir: string): LockOwner | undefined {
  const file = path.join(path.resolve(dataDir), LOCK_FILE_NAME);
  const owner = readOwner(file);
  return owner && !isStale(file, owner) ? owner : undefined;
}

function releaseLock(file: string, nonce: string): void {
  if (held.get(file)?.nonce !== nonce) return;
  held.delete(file);
  // Only our own lock: a successor that took over a lock we thought stale keeps theirs.
  if (readOwner(file)?.nonce === nonce) fs.rmSync(file, { force: true });
}

// A normal exit (including an uncaught error) leaves no lock behind; kill -9 is what staleness is for.
process.once("exit", () => {
  for (const [file, owner] of [...held]) releaseLock(file, owner.nonce);
});

function readOwner(file: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LockOwner>;
    if (typeof parsed.pid !== "number" || typeof parsed.hostname !== "string") return undefined;
    return parsed as LockOwner;
  } catch {
    return undefined;
  }
}

/** Grace for a lock file another process has created but not yet filled in. */
const UNREADABLE_LOCK_GRACE_MS = 5_000;

function isStale(file: string, owner: LockOwner | undefined): boolean {
  if (!owner) {
    try {
      return Date.now() - fs.statSync(file).mtimeMs > UNREADABLE_LOCK_GRACE_MS;
    } catch {
      return true;
    }
  }
  // Another machine's pid says nothing here (a shared volume): never guess, let the operator decide.
  if (owner.hostname !== os.hostname()) return false;
  // Our own pid on a lock we do not hold: a previous container run that was pid 1 too.
  if (owner.pid === process.pid) return held.get(file)?.nonce !== owner.nonce;
  return !isAlive(owner.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function describeCommand(): string {
  const sub = process.argv[2];
  return sub && /^[a-z][a-z-]{0,30}$/.test(sub)
    ? `throughline ${sub}`
    : path.basename(process.argv[1] ?? "node");
}

function describeRefusal(dataDir: string, owner: LockOwner | undefined): string {
  const who = owner
    ? `${owner.command} (pid ${owner.pid}${owner.hostname === os.hostname() ? "" : ` on ${owner.hostname}`}, since ${owner.startedAt}${owner.url ? `, serving ${owner.url}` : ""})`
    : "another process";
  const hint =
    owner && owner.hostname !== os.hostname()
      ? ` If that machine no longer runs it, delete ${path.join(dataDir, LOCK_FILE_NAME)}.`
      : "";
  return (
    `The data folder ${dataDir} is in use by ${who}. The embedded database allows one process per folder: ` +
    `stop that process first${owner?.url ? " or use its HTTP API" : ""}, or run on PostgreSQL (DATABASE_URL) ` +
    `to share the database.${hint}`
  );
}
