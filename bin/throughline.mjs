#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm install` or `npm run build`); no TypeScript loader at run time.
import fs from "node:fs";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!fs.existsSync(main)) {
  console.error("throughline: dist/ is missing; run `npm run build` in the Throughline folder first.");
  process.exit(1);
}
await import(main.href);
