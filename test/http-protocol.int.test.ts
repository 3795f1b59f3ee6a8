import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/http/app";
import {
  createTestContext,
  createWorkspace,
  TEST_LIMITS,
  type TestContext,
  type WorkspaceFixture,
} from "./helpers";

let ctx: TestContext;
let ws: WorkspaceFixture;

beforeAll(async () => {
  ctx = await createTestContext();
  ws = await createWorkspace(ctx.services);
});

afterAll(async () => {
  await ctx?.close();
});

describe("HTTP protocol", () => {
  it("answers a wrong method on a known path with 405 and Allow, an unknown path with 404", async () => {
    const wrong = await ctx.app.inject({ method: "DELETE", url: "/api/v1/cases", headers: ws.headers });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe("GET, HEAD");
    expect(wrong.json().error.code).toBe("METHOD_NOT_ALLOWED");
    const withId = await ctx.app.inject({
      method: "PUT",
      url: "/api/v1/cases/cas_unknown",
      headers: ws.headers,
    });
    expect(withId.statusCode).toBe(405);
    expect(withId.headers.allow).toContain("PATCH");
    const unknown = await ctx.app.inject({ method: "GET", url: "/api/v1/nothing-here", headers: ws.headers });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers.allow).toBeUndefined();
  });

  it("maps the framework's media-type refusal to our code and names the field", async () => {
    const response = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: { ...ws.headers, "content-type": "application/xml" },
      payload: "<customer/>",
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatchObject({
      code: "BODY_UNSUPPORTED_MEDIA_TYPE",
      field: "content-type",
    });
    expect(response.body).not.toContain("FST_");
  });

  it("maps an empty JSON body to our code", async () => {
    const response = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: { ...ws.headers, "content-type": "application/json", "content-length": "5" },
      payload: "",
    });
    expect(response.statusCode).toBeLessThan(500);
    expect(response.body).not.toContain("FST_");
  });

  it("sends WWW-Authenticate with every 401", async () => {
    const none = await ctx.app.inject({ url: "/api/v1/cases" });
    expect(none.statusCode).toBe(401);
    expect(none.headers["www-authenticate"]).toBe('Bearer realm="throughline"');
    const wrong = await ctx.app.inject({
      url: "/api/v1/cases",
      headers: { authorization: "Bearer tl_not_a_real_key_123456" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers["www-authenticate"]).toBe('Bearer realm="throughline", error="invalid_token"');
  });

  it("names the request id on every response, keeping a sane incoming one", async () => {
    const generated = await ctx.app.inject({ url: "/health" });
    expect(generated.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await ctx.app.inject({ url: "/api/v1/nope", headers: { "x-request-id": "proxy-7f3a9c21" } });
    expect(kept.statusCode).toBe(404);
    expect(kept.headers["x-request-id"]).toBe("proxy-7f3a9c21");
    const refused = await ctx.app.inject({
      url: "/health",
      headers: { "x-request-id": "bad id\twith spaces" },
    });
    expect(refused.headers["x-request-id"]).not.toContain("bad");
    // An e-mail address would ride into every log line of the request: replaced too.
    const email = await ctx.app.inject({
      url: "/health",
      headers: { "x-request-id": "jane.doe@example.com" },
    });
    expect(email.headers["x-request-id"]).not.toContain("example.com");
    const failed = await ctx.app.inject({ url: "/api/v1/cases" });
    expect(failed.headers["x-request-id"]).toBeTruthy();
  });
});

describe("CORS", () => {
  it("allows no other origin by default", async () => {
    const preflight = await ctx.app.inject({
      method: "OPTIONS",
      url: "/api/v1/cases",
      headers: { origin: "https://shop.example.com", "access-control-request-method": "GET" },
    });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    const simple = await ctx.app.inject({ url: "/health", headers: { origin: "https://shop.example.com" } });
    expect(simple.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("allows exactly the configured origins, preflight included", async () => {
    const app = await buildApp({
      services: ctx.services,
      logger: false,
      limits: TEST_LIMITS,
      corsOrigins: ["https://shop.example.com"],
    });
    try {
      const preflight = await app.inject({
        method: "OPTIONS",
        url: "/api/v1/cases",
        headers: {
          origin: "https://shop.example.com",
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization",
        },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers["access-control-allow-origin"]).toBe("https://shop.example.com");
      expect(String(preflight.headers["access-control-allow-headers"])).toContain("authorization");
      const call = await app.inject({
        url: "/api/v1/cases",
        headers: { ...ws.headers, origin: "https://shop.example.com" },
      });
      expect(call.statusCode).toBe(200);
      expect(call.headers["access-control-allow-origin"]).toBe("https://shop.example.com");
      expect(String(call.headers["access-control-expose-headers"])).toContain("x-request-id");
      const other = await app.inject({
        url: "/api/v1/cases",
        headers: { ...ws.headers, origin: "https://evil.example" },
      });
      expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
