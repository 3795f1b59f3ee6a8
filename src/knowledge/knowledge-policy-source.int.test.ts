import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RETURN_POLICY, DEFAULT_SHIPPING_POLICY } from "../policies";
import {
  createTestContext,
  createWorkspace,
  manualClock,
  type TestContext,
  type WorkspaceFixture,
} from "../../test/helpers";
import { api, keysFor, RETURNS_V1 } from "./test/knowledge-fixtures";

const clock = manualClock("2026-06-01T09:00:00Z");
let ctx: TestContext;
let ws: WorkspaceFixture;
let admin: ReturnType<typeof api>;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  ws = await createWorkspace(ctx.services);
  admin = api(ctx.app, (await keysFor(ctx.services, ws.workspaceId)).admin);
});
afterAll(() => ctx.close());

describe("knowledge-backed PolicySource", () => {
  it("falls back to the defaults while no policy is published", async () => {
    const policies = ctx.services.policies;
    expect(await policies.returnPolicy(ws.workspaceId)).toEqual({
      value: DEFAULT_RETURN_POLICY,
      source: null,
    });
    expect(await policies.shippingPolicy(ws.workspaceId)).toEqual({
      value: DEFAULT_SHIPPING_POLICY,
      source: null,
    });
    const viaApi = await admin.get("/knowledge/policies/returns");
    expect(viaApi.body).toEqual({ policyType: "returns", params: DEFAULT_RETURN_POLICY, source: null });
  });

  it("returns the new rule on the very next call after a publish through the API", async () => {
    const created = await admin.post("/knowledge/entries", { ...RETURNS_V1, publish: true });
    const entryId = created.body.id as string;
    const first = await ctx.services.policies.returnPolicy(ws.workspaceId);
    expect(first).toEqual({
      value: {
        ...DEFAULT_RETURN_POLICY,
        windowDays: 30,
        categoryWindows: { footwear: 60 },
        finalSaleCategories: ["gift-cards"],
      },
      source: { entryId, version: 1 },
    });

    clock.advance(60_000);
    await admin.post(`/knowledge/entries/${entryId}/versions`, {
      params: { ...RETURNS_V1.params, windowDays: 14, restockingFeePercent: 10 },
      changeNote: "shorter window",
    });
    const published = await admin.post(`/knowledge/entries/${entryId}/versions/2/publish`);
    expect(published.status).toBe(200);

    // 1. The publish call has returned. 2. The next read, through the service and the API, has the new rule.
    const next = await ctx.services.policies.returnPolicy(ws.workspaceId);
    expect(next.value).toMatchObject({ windowDays: 14, restockingFeePercent: 10 });
    expect(next.source).toEqual({ entryId, version: 2 });
    const viaApi = await admin.get("/knowledge/policies/returns");
    expect(viaApi.body).toMatchObject({ params: { windowDays: 14 }, source: { version: 2 } });
  });

  it("answers the policy in force at a past time for checking an old answer", async () => {
    const entry = await admin.get("/knowledge/slugs/return-policy");
    const v1At = (await admin.get(`/knowledge/entries/${entry.body.id}/versions/1`)).body
      .publishedAt as string;
    const v1 = await ctx.services.policies.returnPolicy(ws.workspaceId, new Date(Date.parse(v1At) + 1));
    expect(v1.value.windowDays).toBe(30);
    expect(v1.source?.version).toBe(1);
    const viaApi = await admin.get(`/knowledge/policies/returns?at=${encodeURIComponent(v1At)}`);
    expect(viaApi.body.params.windowDays).toBe(30);
  });

  it("applies a scheduled policy change at its start with no further action", async () => {
    const entry = await admin.get("/knowledge/slugs/return-policy");
    const start = new Date(clock.now().getTime() + 24 * 3_600_000);
    await admin.post(`/knowledge/entries/${entry.body.id}/versions`, {
      params: { windowDays: 60 },
      effectiveFrom: start.toISOString(),
    });
    await admin.post(`/knowledge/entries/${entry.body.id}/versions/3/publish`);
    expect((await ctx.services.policies.returnPolicy(ws.workspaceId)).value.windowDays).toBe(14);
    clock.set(start);
    expect((await ctx.services.policies.returnPolicy(ws.workspaceId)).value.windowDays).toBe(60);
  });

  it("keeps workspaces apart", async () => {
    const other = await createWorkspace(ctx.services, "Other");
    expect((await ctx.services.policies.returnPolicy(other.workspaceId)).source).toBeNull();
  });
});
