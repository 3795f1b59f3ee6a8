import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { ensureDemoWorkspace } from "../demo/demo-seed";
import { createWorkspace, useTestApp } from "../../test/helpers";

const app = useTestApp();

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("API keys", () => {
  it("refuses requests without credentials or with an unknown key", async () => {
    expect((await app.ctx.app.inject({ url: "/api/v1/customers" })).statusCode).toBe(401);
    const wrong = await app.ctx.app.inject({
      url: "/api/v1/customers",
      headers: bearer("tl_not-a-real-key"),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("AUTH_INVALID");
  });

  it("stores keys hashed, shows the value once and stops accepting a revoked key", async () => {
    const created = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: app.ws.headers,
      payload: { name: "store kiosk", role: "agent" },
    });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json();
    expect(key).toMatch(/^tl_/);
    const rows = await app.ctx.database.query<{ key_hash: string }>(
      "SELECT key_hash FROM api_keys WHERE id = $1",
      [id],
    );
    expect(rows[0]?.key_hash).not.toContain(key);
    const listed = (await app.ctx.app.inject({ url: "/api/v1/api-keys", headers: app.ws.headers })).json();
    expect(JSON.stringify(listed)).not.toContain(key);

    expect((await app.ctx.app.inject({ url: "/api/v1/customers", headers: bearer(key) })).statusCode).toBe(
      200,
    );
    const revoked = await app.ctx.app.inject({
      method: "DELETE",
      url: `/api/v1/api-keys/${id}`,
      headers: app.ws.headers,
    });
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await app.ctx.app.inject({ url: "/api/v1/customers", headers: bearer(key) })).statusCode).toBe(
      401,
    );
  });

  it("checks the role: an agent key cannot create API keys or merge customers", async () => {
    const { key } = await app.ctx.services.auth.createApiKey(app.ws.workspaceId, {
      name: "agent",
      role: "agent",
    });
    const attempt = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: bearer(key),
      payload: { name: "escalate me", role: "admin" },
    });
    expect(attempt.statusCode).toBe(403);
    const merge = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/customers/merge",
      headers: bearer(key),
      payload: { survivorId: "cus_a", mergedId: "cus_b", reason: "x" },
    });
    expect(merge.statusCode).toBe(403);
  });

  it("keeps an executive out of customer writes but lets them read cases", async () => {
    const { key } = await app.ctx.services.auth.createApiKey(app.ws.workspaceId, {
      name: "exec",
      role: "executive",
    });
    expect((await app.ctx.app.inject({ url: "/api/v1/cases", headers: bearer(key) })).statusCode).toBe(200);
    const write = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: bearer(key),
      payload: { identities: [] },
    });
    expect(write.statusCode).toBe(403);
  });
});

describe("staff sessions", () => {
  it("logs in with the right password, rejects the wrong one alike for unknown users, and logs out", async () => {
    const created = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: app.ws.headers,
      payload: {
        email: "Sam.Agent@Example.com",
        name: "Sam",
        role: "agent",
        password: "a long enough password",
      },
    });
    expect(created.statusCode).toBe(201);
    const stored = await app.ctx.database.query<{ password_hash: string }>(
      "SELECT password_hash FROM staff_users WHERE id = $1",
      [created.json().id],
    );
    expect(stored[0]?.password_hash).toMatch(/^scrypt\$/);

    const bad = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { workspace: app.ws.slug, email: "sam.agent@example.com", password: "wrong password!!" },
    });
    const unknown = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { workspace: app.ws.slug, email: "nobody@example.com", password: "wrong password!!" },
    });
    expect(bad.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(bad.json()).toEqual(unknown.json());

    const login = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { workspace: app.ws.slug, email: "sam.agent@example.com", password: "a long enough password" },
    });
    expect(login.statusCode).toBe(200);
    const { token } = login.json();
    const me = await app.ctx.app.inject({ url: "/api/v1/auth/me", headers: bearer(token) });
    expect(me.json()).toMatchObject({
      role: "agent",
      workspaceId: app.ws.workspaceId,
      principal: { kind: "user" },
    });
    expect(
      (await app.ctx.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: bearer(token) }))
        .statusCode,
    ).toBe(204);
    expect((await app.ctx.app.inject({ url: "/api/v1/auth/me", headers: bearer(token) })).statusCode).toBe(
      401,
    );
  });

  it("refuses a short password naming the field", async () => {
    const response = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: app.ws.headers,
      payload: { email: "x@example.com", name: "X", role: "agent", password: "short" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("password");
  });
});

describe("route policies", () => {
  it("answers 401 without credentials on every documented non-public operation", async () => {
    const spec = (await app.ctx.app.inject({ url: "/openapi.json" })).json() as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    let checked = 0;
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (Array.isArray(operation.security) && operation.security.length === 0) continue;
        const url = path.replace(/\{[^}]+\}/g, "x_1");
        const response = await app.ctx.app.inject({
          method: method.toUpperCase() as "GET",
          url,
          payload: method === "get" ? undefined : {},
        });
        expect(response.statusCode, `${method} ${path}`).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });
});

describe("bootstrap API key", () => {
  it("stays revoked when the start-up ensure step runs again", async () => {
    const { services, app: http } = app.ctx;
    const ws = await createWorkspace(services, "Bootstrap Retail");
    const value = `tl_boot_${randomBytes(16).toString("hex")}`;
    const first = await ensureDemoWorkspace(services, { slug: ws.slug, bootstrapApiKey: value });
    expect(first.bootstrapKey).toBe("created");
    expect((await http.inject({ url: "/api/v1/customers", headers: bearer(value) })).statusCode).toBe(200);

    const keys = (await http.inject({ url: "/api/v1/api-keys", headers: ws.headers })).json();
    const bootstrap = keys.apiKeys.find((key: { name: string }) => key.name === "bootstrap");
    const revoked = await http.inject({
      method: "DELETE",
      url: `/api/v1/api-keys/${bootstrap.id}`,
      headers: ws.headers,
    });
    expect(revoked.statusCode).toBe(200);

    // What every restart does with THROUGHLINE_BOOTSTRAP_API_KEY still set.
    const again = await ensureDemoWorkspace(services, { slug: ws.slug, bootstrapApiKey: value });
    expect(again.bootstrapKey).toBe("revoked");
    expect((await http.inject({ url: "/api/v1/customers", headers: bearer(value) })).statusCode).toBe(401);
  });
});
