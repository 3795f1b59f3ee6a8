import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "web/src/**/*.test.ts"],
    // Browser tests need Chromium and a built web app: `npm run test:browser`.
    exclude: ["**/node_modules/**", "test/browser/**"],
    environment: "node",
    env: { TZ: "UTC" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default is one worker on a 2-core machine; most files wait on I/O (servers,
    // sockets, the database), so two keep both cores busy without starving timing-bound tests.
    maxWorkers: 2,
    globalSetup: ["test/global-setup.ts"],
  },
});
