import { describe, expect, it } from "vitest";
import { uniqueEmail, useTestApp } from "./helpers";

const app = useTestApp();

const post = (payload: string | object, headers: Record<string, string> = {}) =>
  app.ctx.app.inject({
    method: "POST",
    url: "/api/v1/inbound",
    headers: { ...app.ws.headers, "content-type": "application/json", ...headers },
    payload: typeof payload === "string" ? payload : JSON.stringify(payload),
  });

const valid = () => ({
  channel: "web_chat",
  identities: [{ kind: "email", value: uniqueEmail() }],
  text: "hello",
});

describe("bad input", () => {
  it("names an unknown field", async () => {
    const response = await post({ ...valid(), isAdmin: true });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("isAdmin");
  });

  it("names a field of the wrong type", async () => {
    const response = await post({ ...valid(), text: 42 });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("text");
  });

  it("names a missing nested field", async () => {
    const response = await post({ ...valid(), identities: [{ kind: "email" }] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("identities.0.value");
  });

  it("refuses invalid UTF-8", async () => {
    const body = Buffer.concat([
      Buffer.from('{"channel":"web_chat","text":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const response = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/inbound",
      headers: { ...app.ws.headers, "content-type": "application/json" },
      payload: body,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("BODY_INVALID_UTF8");
  });

  it("refuses NUL characters and lone surrogates that the database cannot store", async () => {
    const nul = await post(
      `{"channel":"web_chat","identities":[{"kind":"device","value":"d1"}],"text":"a\\u0000b"}`,
    );
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.field).toBe("text");
    const surrogate = await post(
      `{"channel":"web_chat","identities":[{"kind":"device","value":"d1"}],"text":"a\\ud800b"}`,
    );
    expect(surrogate.statusCode).toBe(400);
  });

  it("refuses malformed JSON", async () => {
    const response = await post('{"channel": "web_chat",');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("BODY_INVALID_JSON");
  });

  it("answers 413 for a body over the limit and 400 for a string over its field limit", async () => {
    const huge = await post({ ...valid(), text: "x".repeat(1_200_000) });
    expect(huge.statusCode).toBe(413);
    const long = await post({ ...valid(), text: "x".repeat(20_001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.field).toBe("text");
  });

  it("stores emoji and non-Latin text exactly", async () => {
    const text = "Bonjour 👋 — 注文はどこですか？ Ωμέγα";
    const created = (await post({ ...valid(), text })).json();
    const messages = (
      await app.ctx.app.inject({ url: `/api/v1/cases/${created.case.id}/messages`, headers: app.ws.headers })
    ).json().messages;
    expect(messages[0].body).toBe(text);
  });

  it("keeps serving after a burst of bad requests", async () => {
    for (let i = 0; i < 20; i++) await post("{bad json " + i);
    expect((await app.ctx.app.inject({ url: "/health" })).json().status).toBe("ok");
  });

  it("answers 404 with a code for unknown routes", async () => {
    const response = await app.ctx.app.inject({ url: "/api/v1/nothing-here", headers: app.ws.headers });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("ROUTE_NOT_FOUND");
  });
});
