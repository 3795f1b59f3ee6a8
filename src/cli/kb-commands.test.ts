import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readMarkdownFolder, writeMarkdownFolder } from "./kb-commands";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-folder-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("Markdown folders", () => {
  it("writes and reads back nested files with / paths, skipping other files and dot folders", () => {
    const dir = tempDir();
    const files = [
      { path: "articles/gift-cards.md", content: "---\nkind: article\ntitle: G\n---\n\nbody" },
      { path: "policies/return-policy.md", content: "---\nkind: policy\n---\n" },
    ];
    writeMarkdownFolder(dir, files);
    fs.writeFileSync(path.join(dir, "notes.txt"), "ignored");
    fs.mkdirSync(path.join(dir, ".git"));
    fs.writeFileSync(path.join(dir, ".git", "x.md"), "ignored");
    expect(readMarkdownFolder(dir)).toEqual(files);
  });

  it("refuses to write outside the folder", () => {
    expect(() => writeMarkdownFolder(tempDir(), [{ path: "../escape.md", content: "x" }])).toThrow(/outside/);
  });

  it("refuses a folder that does not exist", () => {
    expect(() => readMarkdownFolder(path.join(tempDir(), "missing"))).toThrow(/not a folder/);
  });
});
