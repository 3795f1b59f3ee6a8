import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, createWorkspace, manualClock, type TestContext } from "../../test/helpers";
import { api, keysFor, RETURNS_V1, type Keys } from "./test/knowledge-fixtures";

const clock = manualClock("2026-03-01T09:00:00Z");
let ctx: TestContext;
let keys: Keys;
let admin: ReturnType<typeof api>;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  const ws = await createWorkspace(ctx.services);
  keys = await keysFor(ctx.services, ws.workspaceId);
  admin = api(ctx.app, keys.admin);
});
afterAll(() => ctx.close());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function createPublished(slug: string, extra: Record<string, unknown> = {}) {
  const created = await admin.post("/knowledge/entries", {
    kind: "article",
    slug,
    title: `Article ${slug}`,
    body: "First text",
    publish: true,
    ...extra,
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; version: { version: number } };
}

describe("versioning workflow", () => {
  it("walks a policy from draft through review to published, recording author, time and note", async () => {
    const supervisor = api(ctx.app, keys.supervisor);
    const created = await supervisor.post("/knowledge/entries", {
      ...RETURNS_V1,
      changeNote: "first version",
    });
    expect(created.status).toBe(201);
    expect(created.body.version).toMatchObject({ version: 1, status: "draft", changeNote: "first version" });
    expect(created.body.inForce).toBeNull();
    const id = created.body.id as string;
    expect(id).toMatch(/^kb_/);

    expect((await supervisor.post(`/knowledge/entries/${id}/versions/1/submit`)).body.status).toBe("review");
    // Support leads write and submit; putting a version in force is an admin's call.
    const refused = await supervisor.post(`/knowledge/entries/${id}/versions/1/publish`);
    expect(refused.status).toBe(403);

    const published = await admin.post(`/knowledge/entries/${id}/versions/1/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: "published", effectiveFrom: clock.now().toISOString() });
    expect(published.body.publishedBy).toMatch(/^key_/);

    const entry = await api(ctx.app, keys.agent).get(`/knowledge/entries/${id}`);
    expect(entry.body.inForce).toMatchObject({
      version: 1,
      params: { windowDays: 30, restockingFeePercent: 0 },
    });
  });

  it("keeps exactly one version in force: publishing v2 supersedes v1 on the next read", async () => {
    const { id } = await createPublished("gift-wrap");
    const draft = await admin.post(`/knowledge/entries/${id}/versions`, {
      body: "Second text",
      changeNote: "reword",
    });
    expect(draft.body).toMatchObject({
      version: 2,
      status: "draft",
      basedOnVersion: 1,
      title: "Article gift-wrap",
    });
    expect((await admin.get(`/knowledge/entries/${id}`)).body.inForce.version).toBe(1);

    clock.advance(60_000);
    await admin.post(`/knowledge/entries/${id}/versions/2/publish`);
    const after = await admin.get(`/knowledge/entries/${id}`);
    expect(after.body.inForce).toMatchObject({ version: 2, body: "Second text" });

    const history = await admin.get(`/knowledge/entries/${id}/versions`);
    expect(
      history.body.versions.map((v: { status: string; inForce: boolean }) => [v.status, v.inForce]),
    ).toEqual([
      ["superseded", false],
      ["published", true],
    ]);
  });

  it("refuses to publish a stale draft with 409 and leaves the published version untouched", async () => {
    const { id } = await createPublished("store-pickup");
    await admin.post(`/knowledge/entries/${id}/versions`, { body: "Draft A" });
    await admin.post(`/knowledge/entries/${id}/versions`, { body: "Draft B" });
    expect((await admin.post(`/knowledge/entries/${id}/versions/3/publish`)).status).toBe(200);

    const stale = await admin.post(`/knowledge/entries/${id}/versions/2/publish`);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: "KNOWLEDGE_STALE_DRAFT",
      details: { version: 2, basedOnVersion: 1, latestPublishedVersion: 3 },
    });
    const entry = await admin.get(`/knowledge/entries/${id}`);
    expect(entry.body.inForce).toMatchObject({ version: 3, body: "Draft B" });
    expect((await admin.get(`/knowledge/entries/${id}/versions/2`)).body.status).toBe("draft");
  });

  it("lets only one of two concurrent publishes of sibling drafts win", async () => {
    const { id } = await createPublished("price-adjustments");
    await admin.post(`/knowledge/entries/${id}/versions`, { body: "Left" });
    await admin.post(`/knowledge/entries/${id}/versions`, { body: "Right" });
    const results = await Promise.all([
      admin.post(`/knowledge/entries/${id}/versions/2/publish`),
      admin.post(`/knowledge/entries/${id}/versions/3/publish`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const history = (await admin.get(`/knowledge/entries/${id}/versions`)).body.versions as {
      status: string;
    }[];
    expect(history.filter((v) => v.status === "published")).toHaveLength(1);
  });

  it("only edits drafts, and publishes a version only once", async () => {
    const { id } = await createPublished("loyalty-points");
    const edit = await admin.patch(`/knowledge/entries/${id}/versions/1`, { body: "sneaky edit" });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe("KNOWLEDGE_VERSION_NOT_EDITABLE");
    const again = await admin.post(`/knowledge/entries/${id}/versions/1/publish`);
    expect(again.body.error.code).toBe("KNOWLEDGE_INVALID_TRANSITION");
    const draft = await admin.post(`/knowledge/entries/${id}/versions`, {});
    const edited = await admin.patch(`/knowledge/entries/${id}/versions/${draft.body.version}`, {
      title: "Points",
    });
    expect(edited.body).toMatchObject({ title: "Points", status: "draft" });
  });

  it("shows any past version and diffs two versions", async () => {
    const { id } = await createPublished("size-guide", { body: "Line one\nLine two\n", category: "sizing" });
    await admin.post(`/knowledge/entries/${id}/versions`, { body: "Line one\nLine 2\n", category: "fit" });
    await admin.post(`/knowledge/entries/${id}/versions/2/publish`);
    const v1 = await api(ctx.app, keys.agent).get(`/knowledge/entries/${id}/versions/1`);
    expect(v1.body).toMatchObject({ version: 1, status: "superseded", body: "Line one\nLine two\n" });
    const diff = await api(ctx.app, keys.agent).get(`/knowledge/entries/${id}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual([{ field: "category", before: "sizing", after: "fit" }]);
    expect(diff.body.bodyPatch).toContain("-Line two");
    expect(diff.body.bodyPatch).toContain("+Line 2");
  });

  it("hides drafts from agents but shows them to editors", async () => {
    const { id } = await createPublished("draft-visibility");
    await admin.post(`/knowledge/entries/${id}/versions`, { body: "unreleased" });
    const agent = api(ctx.app, keys.agent);
    expect((await agent.get(`/knowledge/entries/${id}/versions`)).body.versions).toHaveLength(1);
    expect((await agent.get(`/knowledge/entries/${id}/versions/2`)).status).toBe(404);
    expect((await api(ctx.app, keys.supervisor).get(`/knowledge/entries/${id}/versions/2`)).status).toBe(200);
  });
});

describe("scheduled activation, expiry and as-of queries", () => {
  it("activates a scheduled version at its time without anyone pressing a button", async () => {
    const { id } = await createPublished("holiday-returns", { body: "Normal rules" });
    const start = new Date(clock.now().getTime() + 2 * DAY);
    await admin.post(`/knowledge/entries/${id}/versions`, {
      body: "Holiday rules",
      effectiveFrom: start.toISOString(),
    });
    const published = await admin.post(`/knowledge/entries/${id}/versions/2/publish`);
    expect(published.body.effectiveFrom).toBe(start.toISOString());

    expect((await admin.get(`/knowledge/entries/${id}`)).body.inForce.body).toBe("Normal rules");
    const history = (await admin.get(`/knowledge/entries/${id}/versions`)).body.versions;
    expect(history[1]).toMatchObject({ scheduled: true, inForce: false });

    clock.set(new Date(start.getTime() - 1));
    expect((await admin.get(`/knowledge/entries/${id}`)).body.inForce.version).toBe(1);
    clock.set(start);
    expect((await admin.get(`/knowledge/entries/${id}`)).body.inForce.version).toBe(2);
  });

  it("expires a promotion at its end by itself and answers what was in force at any time", async () => {
    const from = new Date(clock.now().getTime() + DAY);
    const to = new Date(from.getTime() + 7 * DAY);
    const created = await admin.post("/knowledge/entries", {
      kind: "promotion",
      slug: "spring-sale",
      title: "Spring sale: 20% off outerwear",
      body: "Take 20% off all outerwear.",
      params: { code: "SPRING20", discountPercent: 20, productCategories: ["outerwear"] },
      effectiveFrom: from.toISOString(),
      effectiveTo: to.toISOString(),
      publish: true,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const at = (date: Date) =>
      admin.get(`/knowledge/entries/${id}?at=${encodeURIComponent(date.toISOString())}`);

    expect((await admin.get(`/knowledge/entries/${id}`)).body.inForce).toBeNull();
    expect((await at(new Date(from.getTime() + HOUR))).body.inForce.version).toBe(1);
    expect((await at(to)).body.inForce).toBeNull();

    clock.set(new Date(from.getTime() + DAY));
    expect((await admin.get(`/knowledge/entries/${id}`)).body.inForce.version).toBe(1);
    clock.set(to);
    expect((await admin.get(`/knowledge/entries/${id}`)).body.inForce).toBeNull();
    const search = await admin.get("/knowledge/search?q=outerwear");
    expect(search.body.passages).toEqual([]);
  });

  it("answers what was in force last week after the policy changed", async () => {
    const { id } = await createPublished("exchange-policy", { body: "Exchanges within 14 days" });
    const lastWeek = clock.now();
    clock.advance(7 * DAY);
    await admin.post(`/knowledge/entries/${id}/versions`, { body: "Exchanges within 30 days" });
    await admin.post(`/knowledge/entries/${id}/versions/2/publish`);
    const then = await admin.get(`/knowledge/entries/${id}?at=${encodeURIComponent(lastWeek.toISOString())}`);
    expect(then.body.inForce).toMatchObject({
      version: 1,
      body: "Exchanges within 14 days",
      status: "superseded",
    });
    expect((await admin.get(`/knowledge/entries/${id}`)).body.inForce.version).toBe(2);
  });

  it("refuses a version that would still be in force when a scheduled one starts", async () => {
    const { id } = await createPublished("carrier-cutoff", { body: "Order by 3pm" });
    const start = new Date(clock.now().getTime() + 5 * DAY);
    await admin.post(`/knowledge/entries/${id}/versions`, {
      body: "Order by 1pm",
      effectiveFrom: start.toISOString(),
    });
    await admin.post(`/knowledge/entries/${id}/versions/2/publish`);

    await admin.post(`/knowledge/entries/${id}/versions`, { body: "Order by 2pm", effectiveFrom: null });
    const overlap = await admin.post(`/knowledge/entries/${id}/versions/3/publish`);
    expect(overlap.status).toBe(409);
    expect(overlap.body.error).toMatchObject({
      code: "KNOWLEDGE_EFFECTIVE_OVERLAP",
      details: { conflictingVersion: 2 },
    });

    // Ending before the scheduled start is fine.
    await admin.patch(`/knowledge/entries/${id}/versions/3`, { effectiveTo: start.toISOString() });
    expect((await admin.post(`/knowledge/entries/${id}/versions/3/publish`)).status).toBe(200);
    expect((await admin.get(`/knowledge/entries/${id}`)).body.inForce.body).toBe("Order by 2pm");
  });

  it("withdraws a scheduled version before it starts but never one in effect", async () => {
    const { id } = await createPublished("click-and-collect", { body: "Pickup in 2 hours" });
    const start = new Date(clock.now().getTime() + 3 * DAY);
    await admin.post(`/knowledge/entries/${id}/versions`, {
      body: "Pickup in 1 hour",
      effectiveFrom: start.toISOString(),
    });
    await admin.post(`/knowledge/entries/${id}/versions/2/publish`);
    expect((await admin.post(`/knowledge/entries/${id}/versions/1/archive`)).body.error.code).toBe(
      "KNOWLEDGE_ALREADY_IN_EFFECT",
    );
    expect((await admin.post(`/knowledge/entries/${id}/versions/2/archive`)).body.status).toBe("archived");
    clock.set(new Date(start.getTime() + DAY));
    const entry = await admin.get(`/knowledge/entries/${id}`);
    expect(entry.body.inForce).toMatchObject({ version: 1, status: "published" });
  });

  it("retires an entry now while keeping its history", async () => {
    const { id } = await createPublished("old-faq");
    const before = clock.now();
    clock.advance(HOUR);
    const retired = await admin.post(`/knowledge/entries/${id}/retire`);
    expect(retired.body.inForce).toBeNull();
    expect(
      (await admin.get(`/knowledge/entries/${id}?at=${before.toISOString()}`)).body.inForce.version,
    ).toBe(1);
  });
  it("retires an entry published at this very instant without breaking its range", async () => {
    const { id } = await createPublished("instant-faq");
    const retired = await admin.post(`/knowledge/entries/${id}/retire`);
    expect(retired.status).toBe(200);
    expect(retired.body.inForce).toBeNull();
  });
});

describe("bad input", () => {
  it("validates structured parameters per policy type, naming the field", async () => {
    const bad = await admin.post("/knowledge/entries", {
      ...RETURNS_V1,
      slug: "bad-returns",
      params: { windowDays: "thirty" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "KNOWLEDGE_PARAMS_INVALID", field: "params.windowDays" });
  });

  it("requires a policy type for policies, and one entry per structured policy type", async () => {
    const missing = await admin.post("/knowledge/entries", {
      ...RETURNS_V1,
      slug: "x-policy",
      policyType: undefined,
    });
    expect(missing.body.error.code).toBe("KNOWLEDGE_POLICY_TYPE_REQUIRED");
    const first = await admin.post("/knowledge/entries", {
      ...RETURNS_V1,
      slug: "shipping-a",
      policyType: "shipping",
      params: {},
    });
    expect(first.status).toBe(201);
    const second = await admin.post("/knowledge/entries", {
      ...RETURNS_V1,
      slug: "shipping-b",
      policyType: "shipping",
      params: {},
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe("KNOWLEDGE_POLICY_TYPE_TAKEN");
  });

  it("refuses a duplicate slug, an unknown field and an end before the start", async () => {
    await createPublished("dup-slug");
    expect(
      (await admin.post("/knowledge/entries", { kind: "article", slug: "dup-slug", title: "t", body: "b" }))
        .body.error.code,
    ).toBe("KNOWLEDGE_SLUG_TAKEN");
    const unknown = await admin.post("/knowledge/entries", {
      kind: "article",
      slug: "u",
      title: "t",
      body: "b",
      colour: 1,
    });
    expect(unknown.body.error).toMatchObject({ code: "VALIDATION_FAILED", field: "colour" });
    const range = await admin.post("/knowledge/entries", {
      kind: "promotion",
      slug: "backwards",
      title: "t",
      body: "b",
      effectiveFrom: "2027-01-02T00:00:00Z",
      effectiveTo: "2027-01-01T00:00:00Z",
    });
    expect(range.body.error).toMatchObject({
      code: "KNOWLEDGE_EFFECTIVE_RANGE_INVALID",
      field: "effectiveTo",
    });
  });

  it("refuses a huge document with a clear error", async () => {
    const huge = await admin.post("/knowledge/entries", {
      kind: "article",
      slug: "huge",
      title: "Huge",
      body: "word ".repeat(50_000),
    });
    expect(huge.status).toBe(400);
    expect(huge.body.error.field).toBe("body");
  });

  it("answers another workspace's entry like an unknown one", async () => {
    const { id } = await createPublished("private-entry");
    const other = await createWorkspace(ctx.services, "Other Retail");
    const response = await api(ctx.app, other.headers).get(`/knowledge/entries/${id}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("KNOWLEDGE_NOT_FOUND");
    expect(
      (await api(ctx.app, other.headers).post(`/knowledge/entries/${id}/versions/1/publish`)).status,
    ).toBe(404);
  });
});

describe("roles", () => {
  it("lets every role read, managers write drafts, and only admins publish", async () => {
    const { id } = await createPublished("role-check");
    for (const role of ["agent", "executive", "supervisor", "admin"] as const) {
      expect((await api(ctx.app, keys[role]).get(`/knowledge/entries/${id}`)).status).toBe(200);
      expect((await api(ctx.app, keys[role]).get("/knowledge/search?q=text")).status).toBe(200);
    }
    for (const role of ["agent", "executive"] as const) {
      const denied = await api(ctx.app, keys[role]).post(`/knowledge/entries/${id}/versions`, { body: "x" });
      expect(denied.status).toBe(403);
    }
    const draft = await api(ctx.app, keys.supervisor).post(`/knowledge/entries/${id}/versions`, {
      body: "x",
    });
    expect(draft.status).toBe(201);
    const publishAtOnce = await api(ctx.app, keys.supervisor).post("/knowledge/entries", {
      kind: "article",
      slug: "sup-publish",
      title: "t",
      body: "b",
      publish: true,
    });
    expect(publishAtOnce.status).toBe(403);
    expect(
      (
        await api(ctx.app, keys.supervisor).post("/knowledge/import", {
          files: [{ path: "a.md", content: "x" }],
        })
      ).status,
    ).toBe(403);
    const anonymous = await ctx.app.inject({ method: "GET", url: `/api/v1/knowledge/entries/${id}` });
    expect(anonymous.statusCode).toBe(401);
  });

  it("documents every knowledge route in /openapi.json", async () => {
    const spec = (await ctx.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const paths = Object.keys(spec.paths);
    for (const path of [
      "/api/v1/knowledge/search",
      "/api/v1/knowledge/entries",
      "/api/v1/knowledge/entries/{entryId}/versions/{version}/publish",
      "/api/v1/knowledge/entries/{entryId}/diff",
      "/api/v1/knowledge/import",
      "/api/v1/knowledge/export",
      "/api/v1/knowledge/policies/{policyType}",
    ]) {
      expect(paths).toContain(path);
    }
  });
});
