import { describe, expect, it } from "vitest";
import { uniqueEmail, useTestApp } from "./helpers";

// GET /cases/{id}/messages and /cases/{id}/agent-turns page with an opaque keyset cursor.
const app = useTestApp();

async function get(url: string) {
  return app.ctx.app.inject({ url, headers: app.ws.headers });
}

/** Follows nextCursor to the end; returns every page's ids. */
async function readAll(url: string, key: "messages" | "turns", limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes("?") ? "&" : "?";
    const response = await get(`${url}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as Record<string, { id: string }[]> & { nextCursor: string | null };
    pages.push((body[key] ?? []).map((item) => item.id));
    cursor = body.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

/** A new customer's first inbound message: opens a case. */
async function openCase(channel: string, text: string) {
  const response = await app.ctx.app.inject({
    method: "POST",
    url: "/api/v1/inbound",
    headers: app.ws.headers,
    payload: { channel, identities: [{ kind: "email", value: uniqueEmail() }], text },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { case: { id: string }; message: { id: string } };
}

async function sendToAgent(from: string, text: string) {
  const response = await app.ctx.app.inject({
    method: "POST",
    url: "/api/v1/channels/rest/messages",
    headers: app.ws.headers,
    payload: { sender: [{ kind: "email", value: from }], text },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { caseId: string; turnId: string };
}

describe("case messages, page by page", () => {
  it("returns every message once, oldest first, across pages of the requested size", async () => {
    const first = await openCase("email", "m0");
    const caseId = first.case.id;
    const ids = [first.message.id];
    // Notes written in the same millisecond must still come back in a stable order, none skipped.
    const notes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        app.ctx.services.cases.postStaffMessage(app.ws.workspaceId, caseId, {
          body: `note ${i}`,
          direction: "internal",
          authorId: "user_test",
        }),
      ),
    );
    ids.push(...notes.map((note) => note.id));

    const pages = await readAll(`/api/v1/cases/${caseId}/messages`, "messages", 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat().sort()).toEqual([...ids].sort());
    expect(new Set(pages.flat()).size).toBe(ids.length);
    expect(pages.flat()[0]).toBe(ids[0]);

    const whole = (await get(`/api/v1/cases/${caseId}/messages?limit=200`)).json();
    expect(whole.nextCursor).toBeNull();
    expect(whole.messages.map((m: { id: string }) => m.id)).toEqual(pages.flat());
  });

  it("validates limit and cursor, naming the field", async () => {
    const caseId = (await openCase("sms", "hello")).case.id;
    for (const path of [`/api/v1/cases/${caseId}/messages`, `/api/v1/cases/${caseId}/agent-turns`]) {
      for (const [query, field] of [
        ["limit=0", "limit"],
        ["limit=201", "limit"],
        ["limit=abc", "limit"],
        ["cursor=garbage", "cursor"],
        [`cursor=${Buffer.from("x|y|z").toString("base64url")}`, "cursor"],
      ] as const) {
        const response = await get(`${path}?${query}`);
        expect(response.statusCode, `${path}?${query}: ${response.body}`).toBe(400);
        expect(response.json().error.field).toBe(field);
      }
    }
  });
});

describe("agent turns, page by page", () => {
  it("reads past the first page with nextCursor, in turn order", async () => {
    await app.ctx.services.agent.warmUp();
    const from = uniqueEmail();
    const texts = ["hello", "what are your store hours?", "do you sell gift cards?", "thanks", "bye"];
    const sent: { caseId: string; turnId: string }[] = [];
    for (const text of texts) sent.push(await sendToAgent(from, text));
    const caseId = sent[0]?.caseId ?? "";
    expect(sent.every((turn) => turn.caseId === caseId)).toBe(true);

    const pages = await readAll(`/api/v1/cases/${caseId}/agent-turns`, "turns", 2);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(sent.map((turn) => turn.turnId));
  });

  it("documents cursor, limit and nextCursor in the OpenAPI schema", async () => {
    const spec = (await app.ctx.app.inject({ url: "/openapi.json" })).json();
    for (const path of ["/api/v1/cases/{caseId}/messages", "/api/v1/cases/{caseId}/agent-turns"]) {
      const operation = spec.paths[path].get;
      const names = operation.parameters.map((p: { name: string }) => p.name);
      expect(names).toEqual(expect.arrayContaining(["cursor", "limit"]));
      const schema = JSON.stringify(operation.responses["200"]);
      expect(schema).toContain("nextCursor");
    }
  });
});
