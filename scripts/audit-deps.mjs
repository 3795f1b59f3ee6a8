#!/usr/bin/env node
// Dependency audit: known advisories (npm's advisory database) and declared packages nothing uses (knip).
//   npm run audit:deps            production dependencies
//   npm run audit:deps -- --all   development dependencies too
// Exits 1 when an unused dependency or an advisory of moderate severity or worse is found. When the
// advisory database cannot be reached (offline, or a registry mirror without the audit endpoint) it
// says so and still checks for unused dependencies; add --require-advisories to fail in that case.
import { spawnSync } from "node:child_process";

const args = new Set(process.argv.slice(2));
const FAILING = new Set(["moderate", "high", "critical"]);

// An outer `npm exec --package=…` (running this under another Node.js, say) leaves its package in
// the environment, and npx would then try to run that package instead of the one named here.
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_config_(package|yes)$/i.test(key)),
);

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: childEnv,
  });
  return {
    status: result.status,
    stdout: result.stdout ?? "",
    stderr: result.stderr ?? "",
    error: result.error,
  };
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function advisories() {
  const auditArgs = ["audit", "--json", ...(args.has("--all") ? [] : ["--omit=dev"])];
  const result = run("npm", auditArgs);
  const report = parseJson(result.stdout);
  // npm audit exits 1 both when it finds advisories and when it cannot ask; only the report tells which.
  if (!report?.vulnerabilities) {
    const reason =
      report?.error?.summary ||
      report?.message ||
      result.error?.message ||
      result.stderr.trim().split("\n").pop();
    return { reachable: false, reason: reason || "no report", found: [] };
  }
  const found = Object.values(report.vulnerabilities).map((entry) => ({
    name: entry.name,
    severity: entry.severity,
    range: entry.range,
    direct: entry.isDirect,
    titles: entry.via.filter((via) => typeof via === "object").map((via) => `${via.title} (${via.url})`),
    fix:
      entry.fixAvailable === true
        ? "npm audit fix"
        : entry.fixAvailable
          ? `upgrade ${entry.fixAvailable.name}`
          : "none yet",
  }));
  return { reachable: true, found };
}

function unusedDependencies() {
  const result = run("npx", [
    "--no-install",
    "knip",
    "--dependencies",
    "--no-progress",
    "--reporter",
    "json",
  ]);
  const report = parseJson(result.stdout);
  if (!report?.issues) {
    throw new Error(`knip produced no report: ${(result.stderr || result.stdout).trim().slice(0, 500)}`);
  }
  const found = [];
  for (const issue of report.issues) {
    for (const kind of [
      "dependencies",
      "devDependencies",
      "optionalPeerDependencies",
      "unlisted",
      "binaries",
    ]) {
      for (const item of issue[kind] ?? []) found.push({ kind, name: item.name, file: issue.file });
    }
  }
  return found;
}

const audit = advisories();
const unused = unusedDependencies();
let failed = false;

console.log(`Advisories (${args.has("--all") ? "all" : "production"} dependencies):`);
if (!audit.reachable) {
  console.log(`  not checked: the advisory database could not be reached (${audit.reason}).`);
  if (args.has("--require-advisories")) failed = true;
} else if (audit.found.length === 0) {
  console.log("  none known.");
} else {
  for (const entry of audit.found) {
    if (FAILING.has(entry.severity)) failed = true;
    console.log(
      `  ${entry.severity.padEnd(8)} ${entry.name} ${entry.range}${entry.direct ? " (direct)" : ""} - fix: ${entry.fix}`,
    );
    for (const title of entry.titles) console.log(`           ${title}`);
  }
}

console.log("Unused or undeclared dependencies:");
if (unused.length === 0) console.log("  none.");
for (const entry of unused) {
  failed = true;
  const what =
    entry.kind === "unlisted"
      ? "used but not declared"
      : entry.kind === "binaries"
        ? "binary not declared"
        : `unused ${entry.kind}`;
  console.log(`  ${entry.name}: ${what} (${entry.file})`);
}

process.exit(failed ? 1 : 0);
