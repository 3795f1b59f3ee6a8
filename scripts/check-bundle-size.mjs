#!/usr/bin/env node
// Fails when a widget bundle outgrows its gzip budget. Run after `npm run build:web`:
//   npm run check:bundle            (part of `npm test`, so CI enforces it)
// The loader is what every page of a retailer's site downloads; the chat UI only loads when a
// shopper opens the chat. Sizes are gzip level 9 of the built files, as a server would send them.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const distArgument = process.argv.indexOf("--dist");
const dist =
  distArgument > 0
    ? path.resolve(process.argv[distArgument + 1])
    : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../web/dist");
const KB = 1024;
const BUDGETS = { loader: 5 * KB, chat: 50 * KB };

const gzipSize = (file) => gzipSync(fs.readFileSync(file), { level: 9 }).length;

function chatFiles() {
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, "apps/.vite/manifest.json"), "utf8"));
  const files = new Set([path.join(dist, "apps/widget/chat/index.html")]);
  // The entry, every chunk it imports statically, and their stylesheets: what opening the chat costs.
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || files.has(path.join(dist, "apps", chunk.file))) return;
    files.add(path.join(dist, "apps", chunk.file));
    for (const css of chunk.css ?? []) files.add(path.join(dist, "apps", css));
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit("widget/chat/index.html");
  return [...files];
}

let failed = false;
const report = (name, files, budget) => {
  const size = files.reduce((sum, file) => sum + gzipSize(file), 0);
  const over = size > budget;
  failed ||= over;
  const line = `${name.padEnd(8)} ${(size / KB).toFixed(1).padStart(6)} kB gzip  (budget ${budget / KB} kB, ${files.length} file${files.length === 1 ? "" : "s"})`;
  process.stdout.write(`${over ? "OVER " : "ok   "}${line}\n`);
};

if (!fs.existsSync(path.join(dist, "embed/widget.js"))) {
  process.stderr.write("web/dist is missing: run `npm run build:web` first\n");
  process.exit(1);
}
report("loader", [path.join(dist, "embed/widget.js")], BUDGETS.loader);
report("chat UI", chatFiles(), BUDGETS.chat);
if (failed) {
  process.stderr.write("A widget bundle is over its budget.\n");
  process.exit(1);
}
