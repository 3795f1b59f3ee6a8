import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestContext,
  createWorkspace,
  uniqueEmail,
  type TestContext,
  type WorkspaceFixture,
} from "./helpers";

let ctx: TestContext;
let acme: WorkspaceFixture;
let globex: WorkspaceFixture;

beforeAll(async () => {
  ctx = await createTestContext();
  acme = await createWorkspace(ctx.services, "Acme");
  globex = await createWorkspace(ctx.services, "Globex");
});
afterAll(() => ctx.close());

describe("workspace isolation", () => {
  it("keeps the same email as two different customers in two workspaces", async () => {
    const email = uniqueEmail();
    const send = (fixture: WorkspaceFixture) =>
      ctx.app.inject({
        method: "POST",
        url: "/api/v1/inbound",
        headers: fixture.headers,
        payload: {
          channel: "email",
          identities: [{ kind: "email", value: email }],
          text: "hi",
          orderRef: "1",
        },
      });
    const a = (await send(acme)).json();
    const b = (await send(globex)).json();
    expect(a.customer.id).not.toBe(b.customer.id);
    expect(b.customerCreated).toBe(true);
  });

  it("answers 404 for another workspace's customer, case, timeline and messages", async () => {
    const created = (
      await ctx.app.inject({
        method: "POST",
        url: "/api/v1/inbound",
        headers: acme.headers,
        payload: {
          channel: "web_chat",
          identities: [{ kind: "email", value: uniqueEmail() }],
          text: "secret order details",
        },
      })
    ).json();
    const probes = [
      { url: `/api/v1/customers/${created.customer.id}` },
      { url: `/api/v1/customers/${created.customer.id}/timeline` },
      { url: `/api/v1/cases/${created.case.id}` },
      { url: `/api/v1/cases/${created.case.id}/messages` },
      { url: `/api/v1/cases/${created.case.id}`, method: "PATCH" as const, payload: { status: "resolved" } },
      { url: `/api/v1/cases/${created.case.id}/messages`, method: "POST" as const, payload: { body: "hi" } },
      {
        url: `/api/v1/customers/${created.customer.id}/identities`,
        method: "POST" as const,
        payload: { kind: "loyalty", value: "L1" },
      },
    ];
    for (const probe of probes) {
      const response = await ctx.app.inject({
        method: probe.method ?? "GET",
        url: probe.url,
        headers: globex.headers,
        payload: probe.payload,
      });
      expect(response.statusCode, `${probe.method ?? "GET"} ${probe.url}`).toBe(404);
      expect(response.body).not.toContain("secret");
    }
    const unknown = await ctx.app.inject({
      url: "/api/v1/customers/cus_doesnotexist",
      headers: globex.headers,
    });
    expect(unknown.json().error.code).toBe(
      (
        await ctx.app.inject({ url: `/api/v1/customers/${created.customer.id}`, headers: globex.headers })
      ).json().error.code,
    );
    const still = await ctx.app.inject({ url: `/api/v1/cases/${created.case.id}`, headers: acme.headers });
    expect(still.json().status).toBe("open");
  });

  it("lists only the caller's customers and cases", async () => {
    const email = uniqueEmail("only-acme");
    await ctx.app.inject({
      method: "POST",
      url: "/api/v1/inbound",
      headers: acme.headers,
      payload: { channel: "sms", identities: [{ kind: "email", value: email }], text: "hello" },
    });
    const list = (
      await ctx.app.inject({
        url: `/api/v1/customers?search=${encodeURIComponent(email)}`,
        headers: globex.headers,
      })
    ).json();
    expect(list.customers).toHaveLength(0);
    const mine = (
      await ctx.app.inject({
        url: `/api/v1/customers?search=${encodeURIComponent(email)}`,
        headers: acme.headers,
      })
    ).json();
    expect(mine.customers).toHaveLength(1);
  });
});
