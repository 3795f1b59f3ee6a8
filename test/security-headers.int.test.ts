import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createStaffUser,
  createTestContext,
  createWorkspace,
  type TestContext,
  type WorkspaceFixture,
} from "./helpers";

let direct: TestContext;
let proxied: TestContext;
let ws: WorkspaceFixture;

beforeAll(async () => {
  direct = await createTestContext();
  proxied = await createTestContext({ trustProxy: true });
  ws = await createWorkspace(direct.services);
});
afterAll(async () => {
  await direct.close();
  await proxied.close();
});

describe("security headers", () => {
  it("sends a CSP that allows nothing and forbids framing, nosniff and no-referrer on API responses", async () => {
    for (const url of ["/health", "/api/v1/customers", "/api/v1/no-such-route"]) {
      const response = await direct.app.inject({ method: "GET", url, headers: ws.headers });
      const csp = String(response.headers["content-security-policy"]);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["referrer-policy"]).toBe("no-referrer");
      expect(response.headers["x-frame-options"]).toBe("DENY");
    }
  });

  it("gives the documentation page a policy that lets its own scripts run but not framing", async () => {
    const page = await direct.app.inject({ method: "GET", url: "/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("swagger-ui");
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(csp).not.toContain("default-src 'none'");
  });

  it("sends HSTS only over TLS reported by a trusted proxy", async () => {
    const plain = await direct.app.inject({ method: "GET", url: "/health" });
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
    const spoofed = await direct.app.inject({
      method: "GET",
      url: "/health",
      headers: { "x-forwarded-proto": "https" },
    });
    expect(spoofed.headers["strict-transport-security"]).toBeUndefined();
    const tls = await proxied.app.inject({
      method: "GET",
      url: "/health",
      headers: { "x-forwarded-proto": "https" },
    });
    expect(tls.headers["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
  });

  it("marks responses carrying a session token or a new API key no-store", async () => {
    const email = await createStaffUser(direct.services, ws.workspaceId, "a good password");
    const login = await direct.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { workspace: ws.slug, email, password: "a good password" },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().token).toMatch(/^tls_/);
    expect(login.headers["cache-control"]).toBe("no-store");
    const key = await direct.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: ws.headers,
      payload: { name: "integration", role: "agent" },
    });
    expect(key.statusCode).toBe(201);
    expect(key.json().key).toMatch(/^tl_/);
    expect(key.headers["cache-control"]).toBe("no-store");
  });
});
