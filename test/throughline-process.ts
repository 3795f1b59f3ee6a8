import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** Runs the real `throughline` command in child processes, as a user or an operator does. */
const root = path.resolve(import.meta.dirname, "..");
const bin = path.join(root, "bin/throughline.mjs");

export type RunningThroughline = { url: string; child: ChildProcess; output: () => string };

export type ThroughlineEnv = Record<string, string | undefined>;

/** Environment for a child on `dataDir`; on the PostgreSQL run it uses that server instead. */
export function throughlineEnv(dataDir: string, extra: ThroughlineEnv = {}): ThroughlineEnv {
  const env: ThroughlineEnv = {
    ...process.env,
    PORT: "0",
    SMTP_PORT: "0",
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    // On PostgreSQL every test file shares the database and its per-address counters: the failures
    // other files send on purpose from 127.0.0.1 must not lock a spawned server's own calls out.
    AUTH_FAILURES_PER_IP_PER_MINUTE: "100000",
    ...extra,
  };
  if (process.env.TEST_DATABASE_URL && !("DATABASE_URL" in extra))
    env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  return env;
}

/** Starts `throughline serve` and waits for the line that prints its URL. */
export async function startThroughline(
  env: ThroughlineEnv,
  running: ChildProcess[],
): Promise<RunningThroughline> {
  const child = spawn(process.execPath, [bin, "serve"], { cwd: root, env, stdio: "pipe" });
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
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { url, child, output: () => output };
}

/** Runs one CLI command to completion. */
export function runThroughline(
  args: string[],
  env: ThroughlineEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

export function stopThroughline(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}
