import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  createWorkspace,
  TEST_CONFIG,
  TEST_LIMITS,
  type WorkspaceFixture,
} from "../../../test/helpers";
import { systemClock } from "../../core/clock";
import type { Database } from "../../db/client";
import { ensureDemoWorkspace } from "../../demo/demo-seed";
import { createServices, type Services } from "../../services";
import { buildApp } from "../app";
import { loadWebAssets } from "./static-web";

/** A stand-in build output, so these tests need no Vite build; the browser tests use the real one. */
function fakeBuild(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "web-dist-"));
  const write = (file: string, body: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), body);
  };
  write("embed/widget.js", "/* loader */");
  write("apps/widget/chat/index.html", "<!doctype html><title>Customer support</title><div id=app></div>");
  write("apps/assets/chat-abc123.js", "/* chat */");
  write("apps/assets/store-1.js", "/* store */");
  write("apps/assets/store-1.css", "body{}");
  write(
    "apps/.vite/manifest.json",
    JSON.stringify({
      "demo-store/store.ts": { file: "assets/store-1.js", css: ["assets/store-1.css"], isEntry: true },
    }),
  );
  write("secret.txt", "not for the web");
  return root;
}

let database: Database;
let services: Services;
let app: FastifyInstance;
let ws: WorkspaceFixture;
let root: string;

beforeAll(async () => {
  database = await createTestDatabase();
  services = createServices({ database, clock: systemClock, config: TEST_CONFIG });
  root = fakeBuild();
  app = await buildApp({ services, logger: false, limits: TEST_LIMITS, web: loadWebAssets(root) });
  await app.ready();
  ws = await createWorkspace(services, `Shop <script>alert(1)</script>`);
  if (!(await services.workspaces.findBySlug("demo"))) await ensureDemoWorkspace(services);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const get = (url: string) => app.inject({ method: "GET", url });
/** The product page's "Add to cart" form, posted as a browser posts it. */
const addToCart = (sku: string) =>
  app.inject({
    method: "POST",
    url: "/demo/store/cart",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: `sku=${sku}`,
  });

describe("serving the web apps", () => {
  it("serves the loader to other origins with a short cache", async () => {
    const response = await get("/widget.js");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/javascript/);
    expect(response.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect(response.headers["cache-control"]).toContain("max-age=300");
  });

  it("frames the chat only for the workspace's own sites, under a policy that allows no inline script", async () => {
    const key = (await services.widgetKeys.get(ws.workspaceId)).publicKey;
    const before = await get(`/widget/chat?workspace=${key}`);
    expect(before.statusCode).toBe(200);
    expect(before.headers["content-security-policy"]).toMatch(/frame-ancestors 'self'$/);
    expect(before.headers["content-security-policy"]).toContain("script-src 'self';");
    expect(before.headers["x-frame-options"]).toBeUndefined();
    // The workspace name is shown as text, never as markup.
    expect(before.body).toContain("<title>Shop &lt;script&gt;alert(1)&lt;/script&gt;</title>");

    const patched = await app.inject({
      method: "PATCH",
      url: "/api/v1/workspace/settings",
      headers: ws.headers,
      payload: { widgetOrigins: ["https://shop.example", "https://*.shop.example"] },
    });
    expect(patched.statusCode).toBe(200);
    const after = await get(`/widget/chat?workspace=${key}`);
    expect(after.headers["content-security-policy"]).toContain(
      "frame-ancestors 'self' https://shop.example https://*.shop.example",
    );
  });

  it("refuses a widget origin that is not an origin, naming the field", async () => {
    for (const bad of [
      "https://shop.example/path",
      "https://shop.example; script-src *",
      "javascript:alert(1)",
      "*",
    ]) {
      const response = await app.inject({
        method: "PATCH",
        url: "/api/v1/workspace/settings",
        headers: ws.headers,
        payload: { widgetOrigins: [bad] },
      });
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json())).toContain("widgetOrigins");
    }
  });

  it("answers an unknown or malformed widget key with 404, not a frame", async () => {
    expect((await get("/widget/chat?workspace=pk_nope")).statusCode).toBe(404);
    expect((await get("/widget/chat?workspace=%3Cscript%3E")).statusCode).toBe(404);
    expect((await get("/widget/chat")).statusCode).toBe(404);
  });

  it("serves hashed assets as immutable and nothing outside the assets folder", async () => {
    const asset = await get("/ui/assets/chat-abc123.js");
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
    for (const url of [
      "/ui/assets/../../secret.txt",
      "/ui/assets/%2e%2e/%2e%2e/secret.txt",
      "/ui/assets/..%2f..%2fsecret.txt",
    ]) {
      const response = await get(url);
      expect(response.statusCode).not.toBe(200);
      expect(response.body).not.toContain("not for the web");
    }
  });

  it("says the web apps are not built instead of failing when the build is missing", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "web-none-"));
    const bare = await buildApp({ services, logger: false, limits: TEST_LIMITS, web: loadWebAssets(empty) });
    const response = await bare.inject({ method: "GET", url: "/widget.js" });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain("build:web");
    await bare.close();
    fs.rmSync(empty, { recursive: true, force: true });
  });
});

describe("demo storefront", () => {
  it("renders a product page with its product id and SKU for the widget, under a strict policy", async () => {
    const response = await get("/demo/store/products/P-JKT-RAIN?sku=JKT-RAIN-M-OLIVE");
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/<meta name="throughline:product-id" content="P-JKT-RAIN"/);
    expect(response.body).toMatch(/<meta name="throughline:sku" content="JKT-RAIN-M-OLIVE"/);
    const demo = await services.workspaces.findBySlug("demo");
    const { publicKey } = await services.widgetKeys.get(demo!.id);
    expect(response.body).toContain(`<script src="/widget.js" data-workspace="${publicKey}" async></script>`);
    expect(response.body).toContain('<script type="module" src="/ui/assets/store-1.js"></script>');
    expect(response.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(response.body).not.toMatch(/<script>(?!<\/script>)/);
  });

  it("keeps a cart in a cookie and names it on every page", async () => {
    const added = await addToCart("TEE-ORG-M-WHITE");
    expect(added.statusCode).toBe(303);
    const cookie = String(added.headers["set-cookie"]).split(";")[0]!;
    const cart = await app.inject({ method: "GET", url: "/demo/store/cart", headers: { cookie } });
    expect(cart.body).toContain("Organic Cotton T-Shirt");
    expect(cart.body).toMatch(/<meta name="throughline:cart-id" content="cart_[\w-]+"/);
  });

  it("refuses an unknown SKU with a 400 naming the field, and escapes a hostile query", async () => {
    const bad = await addToCart("%3Cscript%3E");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe("sku");
    const hostile = await get(
      `/demo/store/products/P-JKT-RAIN?sku=${encodeURIComponent('"><script>alert(1)</script>')}`,
    );
    expect(hostile.statusCode).toBe(200);
    expect(hostile.body).not.toContain("<script>alert(1)</script>");
    expect((await get("/demo/store/products/NOPE")).statusCode).toBe(404);
  });

  it("signs a demo shopper's email with the widget secret, as a retailer's server would", async () => {
    const signIn = await get("/demo/store/sign-in?as=maya");
    const cookie = String(signIn.headers["set-cookie"]).split(";")[0]!;
    const page = await app.inject({ method: "GET", url: "/demo/store", headers: { cookie } });
    const hash = page.body.match(/data-user-hash="([0-9a-f]{64})"/)?.[1];
    const demo = await services.workspaces.findBySlug("demo");
    const { identitySignature } = await import("../../realtime");
    expect(hash).toBe(
      identitySignature("maya.chen@example.com", (await services.widgetKeys.get(demo!.id)).secret),
    );
    expect(page.body).not.toContain((await services.widgetKeys.get(demo!.id)).secret);
  });
});
