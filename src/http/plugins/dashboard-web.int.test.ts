import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/helpers";
import { buildApp } from "../app";
import { loadWebAssets } from "./static-web";

/** The agent workspace page and its assets, served from a build folder, with a strict policy. */
let t: TestContext;
let root: string;

beforeAll(async () => {
  t = await createTestContext();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-dashboard-"));
  fs.mkdirSync(path.join(root, "dashboard/assets"), { recursive: true });
  fs.writeFileSync(
    path.join(root, "dashboard/index.html"),
    '<!doctype html><script type="module" src="/app/assets/app-abc.js"></script>',
  );
  fs.writeFileSync(path.join(root, "dashboard/assets/app-abc.js"), "console.log('workspace')");
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("agent workspace pages", () => {
  it("serves /app with a policy that allows only its own scripts, styles and connections, never framed", async () => {
    const app = await buildApp({ services: t.services, logger: false, web: loadWebAssets(root) });
    const page = await app.inject({ method: "GET", url: "/app" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe");
    expect(page.body).toContain("/app/assets/app-abc.js");
    expect((await app.inject({ method: "GET", url: "/app/" })).statusCode).toBe(200);

    const asset = await app.inject({ method: "GET", url: "/app/assets/app-abc.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
    // A path out of the assets folder is refused by the file server, never answered with the file.
    const escape = await app.inject({ method: "GET", url: "/app/assets/..%2Findex.html" });
    expect([403, 404]).toContain(escape.statusCode);
    expect(escape.body).not.toContain("<script");
    expect((await app.inject({ method: "GET", url: "/app/assets/missing.js" })).statusCode).toBe(404);
    await app.close();
  });

  it("answers hostile paths and queries with 4xx or the page, never 5xx, and never reflects them", async () => {
    const app = await buildApp({ services: t.services, logger: false, web: loadWebAssets(root) });
    const hostile = [
      "/app?x=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      "/app/assets/%00",
      "/app/assets/%2e%2e/%2e%2e/index.html",
      `/app/assets/${"a".repeat(5000)}.js`,
      "/app/assets/..%5c..%5cindex.html",
      "/app/%F0%9F%92%A9",
    ];
    for (const url of hostile) {
      const answer = await app.inject({ method: "GET", url });
      expect(answer.statusCode, url).toBeLessThan(500);
      expect(answer.body, url).not.toContain("alert(1)");
    }
    await app.close();
  });

  it("says plainly that the workspace is not built instead of failing", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-unbuilt-"));
    const app = await buildApp({ services: t.services, logger: false, web: loadWebAssets(empty) });
    const page = await app.inject({ method: "GET", url: "/app" });
    expect(page.statusCode).toBe(503);
    expect(page.json()).toMatchObject({ error: "WEB_NOT_BUILT" });
    await app.close();
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
