import { describe, expect, it } from "vitest";
import { createWorkspace, manualClock, uniqueEmail, useTestApp } from "../../test/helpers";

const clock = manualClock("2026-03-02T09:00:00Z");
const app = useTestApp({ clock });

async function contact(email: string, payload: Record<string, unknown>) {
  const response = await app.ctx.app.inject({
    method: "POST",
    url: "/api/v1/inbound",
    headers: app.ws.headers,
    payload: { identities: [{ kind: "email", value: email }], ...payload },
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

describe("case attachment across channels", () => {
  it("appends to the open case when the customer writes about the same order from a second channel", async () => {
    const email = uniqueEmail();
    const chat = await contact(email, {
      channel: "web_chat",
      text: "Order 1042 is late",
      orderRef: "1042",
      topic: "order",
    });
    clock.advance(3 * 3_600_000);
    const call = await contact(email, { channel: "voice", text: "Still waiting on 1042", orderRef: "1042" });
    expect(call.caseCreated).toBe(false);
    expect(call.case.id).toBe(chat.case.id);
    expect(call.case.channels).toEqual(["web_chat", "voice"]);
  });

  it("opens a new case for a different order", async () => {
    const email = uniqueEmail();
    const first = await contact(email, { channel: "email", text: "About 1042", orderRef: "1042" });
    const second = await contact(email, { channel: "email", text: "About 2077 now", orderRef: "2077" });
    expect(second.caseCreated).toBe(true);
    expect(second.case.id).not.toBe(first.case.id);
  });

  it("opens a new case once the recency window has passed", async () => {
    const email = uniqueEmail();
    const first = await contact(email, { channel: "sms", text: "Is my parcel coming?", topic: "order" });
    clock.advance(73 * 3_600_000);
    const later = await contact(email, { channel: "sms", text: "Hello again", topic: "order" });
    expect(later.caseCreated).toBe(true);
    expect(later.case.id).not.toBe(first.case.id);
  });

  it("honours a shorter recency window set for the workspace", async () => {
    await app.ctx.app.inject({
      method: "PATCH",
      url: "/api/v1/workspace/settings",
      headers: app.ws.headers,
      payload: { caseRecencyHours: 2 },
    });
    const email = uniqueEmail();
    const first = await contact(email, { channel: "sms", text: "one", topic: "store" });
    clock.advance(3 * 3_600_000);
    const second = await contact(email, { channel: "sms", text: "two", topic: "store" });
    expect(second.case.id).not.toBe(first.case.id);
    await app.ctx.app.inject({
      method: "PATCH",
      url: "/api/v1/workspace/settings",
      headers: app.ws.headers,
      payload: { caseRecencyHours: 72 },
    });
  });

  it("does not continue a resolved case", async () => {
    const email = uniqueEmail();
    const first = await contact(email, { channel: "web_chat", text: "help with 5001", orderRef: "5001" });
    const resolved = await app.ctx.app.inject({
      method: "PATCH",
      url: `/api/v1/cases/${first.case.id}`,
      headers: app.ws.headers,
      payload: { status: "resolved" },
    });
    expect(resolved.json().resolvedAt).not.toBeNull();
    const again = await contact(email, { channel: "web_chat", text: "5001 again", orderRef: "5001" });
    expect(again.case.id).not.toBe(first.case.id);
  });

  it("stores a redelivered external message id once", async () => {
    const email = uniqueEmail();
    const first = await contact(email, { channel: "email", text: "hello", externalId: "<m1@example.com>" });
    const again = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/inbound",
      headers: app.ws.headers,
      payload: {
        identities: [{ kind: "email", value: email }],
        channel: "email",
        text: "hello",
        externalId: "<m1@example.com>",
      },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, message: { id: first.message.id } });
    const messages = (
      await app.ctx.app.inject({ url: `/api/v1/cases/${first.case.id}/messages`, headers: app.ws.headers })
    ).json().messages;
    expect(messages).toHaveLength(1);
  });
});

describe("timeline", () => {
  it("lists every message, note and case change across channels in order, page by page", async () => {
    const email = uniqueEmail();
    const first = await contact(email, { channel: "web_chat", text: "m1", orderRef: "7001" });
    clock.advance(60_000);
    await contact(email, { channel: "email", text: "m2", orderRef: "7001" });
    clock.advance(60_000);
    await app.ctx.app.inject({
      method: "POST",
      url: `/api/v1/cases/${first.case.id}/messages`,
      headers: app.ws.headers,
      payload: { body: "internal: check carrier", direction: "internal" },
    });
    clock.advance(60_000);
    await app.ctx.app.inject({
      method: "PATCH",
      url: `/api/v1/cases/${first.case.id}`,
      headers: app.ws.headers,
      payload: { status: "pending" },
    });
    // Delivered late by its channel but stamped earlier: the timeline orders by when it happened.
    await contact(email, {
      channel: "sms",
      text: "m0",
      orderRef: "7001",
      occurredAt: "2026-01-01T00:00:00Z",
    });

    const kinds: string[] = [];
    const summaries: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const page = (
        await app.ctx.app.inject({
          url: `/api/v1/customers/${first.customer.id}/timeline${query}`,
          headers: app.ws.headers,
        })
      ).json();
      kinds.push(...page.events.map((e: { kind: string }) => e.kind));
      summaries.push(...page.events.map((e: { summary: string }) => e.summary));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBeGreaterThan(2);
    expect(summaries[0]).toBe("m0");
    expect(kinds).toEqual([
      "message.received",
      "customer.created",
      "case.created",
      "message.received",
      "message.received",
      "note.added",
      "case.pending",
    ]);
  });

  it("rejects a forged cursor naming the field", async () => {
    const email = uniqueEmail();
    const first = await contact(email, { channel: "web_chat", text: "x" });
    const response = await app.ctx.app.inject({
      url: `/api/v1/customers/${first.customer.id}/timeline?cursor=garbage`,
      headers: app.ws.headers,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("cursor");
  });
});

describe("assignment", () => {
  async function assign(caseId: string, assigneeId: string | null) {
    return app.ctx.app.inject({
      method: "PATCH",
      url: `/api/v1/cases/${caseId}`,
      headers: app.ws.headers,
      payload: { assigneeId },
    });
  }

  it("assigns a staff user of the workspace and clears the assignment", async () => {
    const kase = (await contact(uniqueEmail(), { channel: "email", text: "assign me" })).case;
    const user = await app.ctx.services.auth.createUser(app.ws.workspaceId, {
      email: uniqueEmail("agent"),
      name: "Ada Agent",
      role: "agent",
      password: "correct horse battery staple",
    });
    const assigned = await assign(kase.id, user.id);
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().assigneeId).toBe(user.id);
    const cleared = await assign(kase.id, null);
    expect(cleared.json().assigneeId).toBeNull();
  });

  it("refuses a user of another workspace and a made-up id with 422 naming assigneeId", async () => {
    const kase = (await contact(uniqueEmail(), { channel: "email", text: "keep me unassigned" })).case;
    const other = await createWorkspace(app.ctx.services, "Other Retail");
    const outsider = await app.ctx.services.auth.createUser(other.workspaceId, {
      email: uniqueEmail("outsider"),
      name: "Olly Outsider",
      role: "admin",
      password: "correct horse battery staple",
    });
    for (const assigneeId of [outsider.id, "user_does_not_exist"]) {
      const response = await assign(kase.id, assigneeId);
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().error).toMatchObject({ code: "CASES_ASSIGNEE_UNKNOWN", field: "assigneeId" });
    }
    const after = await app.ctx.app.inject({ url: `/api/v1/cases/${kase.id}`, headers: app.ws.headers });
    expect(after.json().assigneeId).toBeNull();
  });
});

describe("staff replies", () => {
  it("refuses a reply on a channel the customer cannot be reached on, naming the field", async () => {
    const email = uniqueEmail();
    const first = await contact(email, { channel: "web_chat", text: "where is my parcel?" });
    const reply = (channel: string) =>
      app.ctx.app.inject({
        method: "POST",
        url: `/api/v1/cases/${first.case.id}/messages`,
        headers: app.ws.headers,
        payload: { body: "Checking now", channel },
      });
    const sms = await reply("sms");
    expect(sms.statusCode).toBe(422);
    expect(sms.json().error).toMatchObject({ code: "CASES_CHANNEL_UNREACHABLE", field: "channel" });
    // The case's own channel and the customer's email address both reach them.
    expect((await reply("web_chat")).statusCode).toBe(201);
    expect((await reply("email")).statusCode).toBe(201);
  });
});
