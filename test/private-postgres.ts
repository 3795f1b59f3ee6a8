import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A throw-away PostgreSQL server of our own for fault tests that stop and start it: never the
 * machine's shared server. Uses the Debian/Ubuntu layout (/usr/lib/postgresql/<version>/bin)
 * or PG_BIN_DIR.
 */
export function findPostgresBinaries(): string | undefined {
  const candidates = process.env.PG_BIN_DIR
    ? [process.env.PG_BIN_DIR]
    : (() => {
        const base = "/usr/lib/postgresql";
        if (!fs.existsSync(base)) return [];
        return fs
          .readdirSync(base)
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => path.join(base, version, "bin"));
      })();
  return candidates.find(
    (dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl")),
  );
}

export type PrivatePostgres = {
  url: string;
  start(): void;
  /** Fast shutdown: open connections are terminated (57P01), as in a restart or failover. */
  stop(): void;
  destroy(): void;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function createPrivatePostgres(binDir: string): Promise<PrivatePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-pg-"));
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  // The server refuses to run as root; as root, run it as the postgres system user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  const run = (tool: string, args: string[]) => {
    const command = path.join(binDir, tool);
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: "pipe", timeout: 120_000 });
  };
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () =>
      run("pg_ctl", ["-D", dataDir, "-l", path.join(dir, "server.log"), "-o", options, "-w", "start"]),
    stop: () => run("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]),
    destroy: () => {
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
