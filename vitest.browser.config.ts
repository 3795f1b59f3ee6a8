import { defineConfig } from "vitest/config";

/**
 * Browser tests: the real server in a child process, driven through Debian's Chromium with
 * playwright-core. Run with `npm run test:browser` (builds the web apps first).
 */
export default defineConfig({
  test: {
    include: ["test/browser/**/*.browser.test.ts"],
    environment: "node",
    env: { TZ: "UTC" },
    testTimeout: 120_000,
    hookTimeout: 360_000,
    pool: "forks",
    fileParallelism: false,
  },
});
