import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const script = path.resolve(import.meta.dirname, "../scripts/check-bundle-size.mjs");
const dirs: string[] = [];

/** A build output with a loader of the given size; random bytes do not compress. */
function fakeDist(loaderBytes: number, chatBytes: number): string {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-size-"));
  dirs.push(dist);
  fs.mkdirSync(path.join(dist, "embed"), { recursive: true });
  fs.mkdirSync(path.join(dist, "apps/.vite"), { recursive: true });
  fs.mkdirSync(path.join(dist, "apps/widget/chat"), { recursive: true });
  fs.mkdirSync(path.join(dist, "apps/assets"), { recursive: true });
  fs.writeFileSync(path.join(dist, "embed/widget.js"), randomBytes(loaderBytes).toString("base64"));
  fs.writeFileSync(path.join(dist, "apps/widget/chat/index.html"), "<!doctype html>");
  fs.writeFileSync(path.join(dist, "apps/assets/chat.js"), randomBytes(chatBytes).toString("base64"));
  fs.writeFileSync(path.join(dist, "apps/assets/shared.js"), randomBytes(chatBytes).toString("base64"));
  fs.writeFileSync(
    path.join(dist, "apps/.vite/manifest.json"),
    JSON.stringify({
      "widget/chat/index.html": { file: "assets/chat.js", isEntry: true, imports: ["_shared"] },
      _shared: { file: "assets/shared.js" },
    }),
  );
  return dist;
}

const check = (dist: string) => spawnSync(process.execPath, [script, "--dist", dist], { encoding: "utf8" });

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("bundle-size check", () => {
  it("passes bundles within budget and reports their gzip sizes", () => {
    const result = check(fakeDist(1_000, 5_000));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/ok\s+loader\s+[\d.]+ kB gzip/);
  });

  it("fails when the loader is over 5 kB gzip", () => {
    const result = check(fakeDist(6_000, 1_000));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/OVER loader/);
  });

  it("counts the chunks the chat entry imports, not only the entry file", () => {
    // Each file alone is under 50 kB gzip; entry plus imported chunk is over.
    const result = check(fakeDist(1_000, 30_000));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/OVER chat UI/);
  });
});
