import { describe, expect, it } from "vitest";
import { uniqueEmail, useTestApp } from "./helpers";

const app = useTestApp();

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

describe("hostile input is refused with 4xx", () => {
  it("refuses JSON nested far too deep quickly, before validation, even without credentials", async () => {
    for (const headers of [{}, app.ws.headers]) {
      const started = performance.now();
      const response = await app.ctx.app.inject({
        method: "POST",
        url: "/api/v1/inbound",
        headers: { ...headers, "content-type": "application/json" },
        payload: `{"channel":"web_chat","text":"x","metadata":{"a":${nested(50_000)}}}`,
      });
      const elapsed = performance.now() - started;
      expect(response.statusCode).toBe(headers === app.ws.headers ? 400 : 401);
      if (response.statusCode === 400) {
        expect(response.json().error.code).toBe("BODY_TOO_DEEP");
        expect(response.json().error.message).toMatch(/nest/);
      }
      // Generous for a loaded CI machine; the stack overflow this replaces cost 450 ms of CPU alone.
      expect(elapsed).toBeLessThan(1_000);
    }
  });

  it("refuses deep nesting on a public operation, whatever the shape of the top level", async () => {
    for (const payload of [nested(50_000), `{"a":`.repeat(5_000) + "1" + "}".repeat(5_000)]) {
      const response = await app.ctx.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        headers: { "content-type": "application/json" },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe("BODY_TOO_DEEP");
    }
  });

  it("accepts ordinary nesting, and brackets inside strings do not count as depth", async () => {
    const response = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/inbound",
      headers: { ...app.ws.headers, "content-type": "application/json" },
      payload: JSON.stringify({
        channel: "web_chat",
        identities: [{ kind: "email", value: uniqueEmail() }],
        text: "[[[[".repeat(100) + '\\"{{{{' + "{".repeat(200),
        metadata: { a: { b: { c: [[[{ d: 1 }]]] } } },
      }),
    });
    expect(response.statusCode).toBe(201);
  });

  it("refuses a JSON body declared in another charset (415) and a __proto__ key (400)", async () => {
    const payload = {
      channel: "web_chat",
      identities: [{ kind: "email", value: uniqueEmail() }],
      text: "hi",
    };
    const utf16 = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/inbound",
      headers: { ...app.ws.headers, "content-type": "application/json; charset=utf-16" },
      payload: JSON.stringify(payload),
    });
    expect(utf16.statusCode).toBe(415);
    expect(utf16.json().error.code).toBe("BODY_UNSUPPORTED_CHARSET");
    const proto = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/inbound",
      headers: { ...app.ws.headers, "content-type": "application/json; charset=UTF-8" },
      payload: JSON.stringify(payload).replace("{", '{"metadata":{"__proto__":{"isAdmin":true}},'),
    });
    expect(proto.statusCode).toBe(400);
    expect(proto.json().error.field).toBe("metadata.__proto__");
  });

  it("answers 400 naming the parameter for NUL and other unstorable characters in path and query", async () => {
    const cases = [
      { url: "/api/v1/customers/cus_%00x", field: "customerId" },
      { url: "/api/v1/cases/%00", field: "caseId" },
      { url: "/api/v1/customers?search=a%00b", field: "search" },
      { url: "/api/v1/customers?search=%ED%A0%80", field: "search" },
      { url: "/api/v1/customers?search=%C3%28", field: "search" },
    ];
    for (const { url, field } of cases) {
      const response = await app.ctx.app.inject({ url, headers: app.ws.headers });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.field, url).toBe(field);
    }
  });

  it("answers 400 for NUL in the path of the public webhook route", async () => {
    const response = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/webhooks/retail/ws%00x",
      headers: { "content-type": "application/json" },
      payload: "{}",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("workspaceId");
  });

  it("creates a staff user once when six identical creations race: 1 × 201 and 5 × 409", async () => {
    const email = uniqueEmail("racer");
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        app.ctx.app.inject({
          method: "POST",
          url: "/api/v1/users",
          headers: app.ws.headers,
          payload: { email, name: "Racer", role: "agent", password: "correct horse battery" },
        }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    const conflictBody = responses.find((response) => response.statusCode === 409)?.json();
    expect(conflictBody.error.code).toBe("AUTH_USER_EXISTS");
    const users = await app.ctx.services.auth.listUsers(app.ws.workspaceId);
    expect(users.filter((user) => user.email === email)).toHaveLength(1);
  });
});
