import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestContext,
  createWorkspace,
  uniqueEmail,
  type TestContext,
  type WorkspaceFixture,
} from "../../test/helpers";

let ctx: TestContext;
let ws: WorkspaceFixture;
let other: WorkspaceFixture;

beforeAll(async () => {
  ctx = await createTestContext();
  ws = await createWorkspace(ctx.services);
  other = await createWorkspace(ctx.services, "Other Retail");
});
afterAll(() => ctx.close());

async function contact(fixture: WorkspaceFixture, identities: object[], text: string, extra: object = {}) {
  const response = await ctx.app.inject({
    method: "POST",
    url: "/api/v1/inbound",
    headers: fixture.headers,
    payload: { channel: "web_chat", identities, text, ...extra },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const merge = (fixture: WorkspaceFixture, payload: object) =>
  ctx.app.inject({ method: "POST", url: "/api/v1/customers/merge", headers: fixture.headers, payload });

describe("merging customers", () => {
  it("moves identities, cases, messages and timeline to the survivor and records who, when and why", async () => {
    const email = uniqueEmail();
    const a = await contact(ws, [{ kind: "email", value: email }], "chat about 1042", { orderRef: "1042" });
    const b = await contact(ws, [{ kind: "phone", value: "+12125550177" }], "call about 2001", {
      channel: "voice",
      orderRef: "2001",
    });
    const beforeA = (
      await ctx.app.inject({
        url: `/api/v1/customers/${a.customer.id}/timeline?limit=200`,
        headers: ws.headers,
      })
    ).json().events.length;
    const beforeB = (
      await ctx.app.inject({
        url: `/api/v1/customers/${b.customer.id}/timeline?limit=200`,
        headers: ws.headers,
      })
    ).json().events.length;

    const response = await merge(ws, {
      survivorId: a.customer.id,
      mergedId: b.customer.id,
      reason: "same person, confirmed on call",
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().moved).toMatchObject({ identities: 1, cases: 1, messages: 1 });

    const survivor = (
      await ctx.app.inject({ url: `/api/v1/customers/${a.customer.id}`, headers: ws.headers })
    ).json();
    expect(survivor.identities.map((i: { value: string }) => i.value).sort()).toEqual(
      ["+12125550177", email].sort(),
    );
    const cases = (
      await ctx.app.inject({ url: `/api/v1/cases?customerId=${a.customer.id}`, headers: ws.headers })
    ).json().cases;
    expect(cases.map((c: { id: string }) => c.id).sort()).toEqual([a.case.id, b.case.id].sort());
    const timeline = (
      await ctx.app.inject({
        url: `/api/v1/customers/${a.customer.id}/timeline?limit=200`,
        headers: ws.headers,
      })
    ).json().events;
    expect(timeline).toHaveLength(beforeA + beforeB + 1);
    expect(timeline.at(-1)).toMatchObject({
      kind: "customer.merged",
      data: { reason: "same person, confirmed on call" },
    });

    const tombstone = (
      await ctx.app.inject({ url: `/api/v1/customers/${b.customer.id}`, headers: ws.headers })
    ).json();
    expect(tombstone.mergedIntoId).toBe(a.customer.id);
    const audit = (
      await ctx.app.inject({ url: `/api/v1/customers/${a.customer.id}/merges`, headers: ws.headers })
    ).json().merges;
    expect(audit[0]).toMatchObject({
      survivorId: a.customer.id,
      mergedId: b.customer.id,
      reason: "same person, confirmed on call",
    });
    expect(audit[0].actor).toMatch(/^key_/);

    // The merged phone now resolves to the survivor.
    const again = await contact(ws, [{ kind: "phone", value: "+1 212 555 0177" }], "me again", {
      channel: "sms",
    });
    expect(again.customer.id).toBe(a.customer.id);
  });

  it("rejects merging a customer into itself", async () => {
    const a = await contact(ws, [{ kind: "email", value: uniqueEmail() }], "x");
    const response = await merge(ws, { survivorId: a.customer.id, mergedId: a.customer.id, reason: "oops" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "CUSTOMERS_MERGE_SELF", field: "mergedId" });
  });

  it("treats a customer of another workspace as unknown", async () => {
    const mine = await contact(ws, [{ kind: "email", value: uniqueEmail() }], "x");
    const theirs = await contact(other, [{ kind: "email", value: uniqueEmail() }], "y");
    const response = await merge(ws, {
      survivorId: mine.customer.id,
      mergedId: theirs.customer.id,
      reason: "cross",
    });
    expect(response.statusCode).toBe(404);
    const untouched = (
      await ctx.app.inject({ url: `/api/v1/customers/${theirs.customer.id}`, headers: other.headers })
    ).json();
    expect(untouched.mergedIntoId).toBeNull();
  });

  it("refuses to merge an already merged customer again", async () => {
    const a = await contact(ws, [{ kind: "email", value: uniqueEmail() }], "a");
    const b = await contact(ws, [{ kind: "email", value: uniqueEmail() }], "b");
    const c = await contact(ws, [{ kind: "email", value: uniqueEmail() }], "c");
    expect(
      (await merge(ws, { survivorId: a.customer.id, mergedId: b.customer.id, reason: "dup" })).statusCode,
    ).toBe(200);
    const twice = await merge(ws, {
      survivorId: c.customer.id,
      mergedId: b.customer.id,
      reason: "dup again",
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe("CUSTOMERS_ALREADY_MERGED");
  });

  it("closes the merge proposal when the proposed pair is merged", async () => {
    const emailA = uniqueEmail();
    const emailB = uniqueEmail();
    const a = await contact(ws, [{ kind: "email", value: emailA }], "a");
    const b = await contact(ws, [{ kind: "email", value: emailB }], "b");
    const both = await contact(
      ws,
      [
        { kind: "email", value: emailA },
        { kind: "email", value: emailB },
      ],
      "both",
    );
    const [proposalId] = both.mergeProposalIds;
    await merge(ws, { survivorId: a.customer.id, mergedId: b.customer.id, reason: "proposal accepted" });
    const accepted = (
      await ctx.app.inject({ url: "/api/v1/merge-proposals?status=accepted", headers: ws.headers })
    ).json().proposals;
    expect(accepted.map((p: { id: string }) => p.id)).toContain(proposalId);
  });
});
