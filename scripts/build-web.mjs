#!/usr/bin/env node
// Builds the web apps into web/dist (gitignored): `npm start` and `npm test` run this first.
//   dist/embed/widget.js   the loader a retailer's <script> tag fetches (one IIFE file, fixed name)
//   dist/apps/             the apps (chat frame, demo storefront script) with hashed assets and a
//                          manifest the server reads to find them, served under /ui/
//   dist/dashboard/        the agent workspace (React), served at /app
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../web");
const started = Date.now();
const shared = {
  configFile: false,
  logLevel: "warn",
  publicDir: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
};

await build({
  ...shared,
  root: web,
  build: {
    outDir: path.join(web, "dist/embed"),
    emptyOutDir: true,
    target: "es2019",
    minify: true,
    lib: {
      entry: path.join(web, "src/apps/widget/loader/widget-loader.ts"),
      formats: ["iife"],
      name: "ThroughlineWidget",
      fileName: () => "widget.js",
    },
  },
});

await build({
  ...shared,
  root: path.join(web, "src/apps"),
  base: "/ui/",
  build: {
    outDir: path.join(web, "dist/apps"),
    emptyOutDir: true,
    target: "es2020",
    manifest: true,
    rolldownOptions: {
      input: {
        "widget-chat": path.join(web, "src/apps/widget/chat/index.html"),
        "demo-store": path.join(web, "src/apps/demo-store/store.ts"),
      },
    },
  },
});

// The agent workspace (React, its own runtime): a separate build, so nothing of it reaches the
// widget's bundles or their budget. Served at /app by the server.
await build({
  ...shared,
  oxc: { jsx: { runtime: "automatic", importSource: "react" } },
  root: path.join(web, "src/apps/dashboard"),
  base: "/app/",
  build: {
    outDir: path.join(web, "dist/dashboard"),
    emptyOutDir: true,
    target: "es2020",
  },
});

process.stdout.write(`web apps built into web/dist in ${Date.now() - started} ms\n`);
