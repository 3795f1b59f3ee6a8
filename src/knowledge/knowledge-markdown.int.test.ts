import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, createWorkspace, manualClock, type TestContext } from "../../test/helpers";
import { api, keysFor } from "./test/knowledge-fixtures";

const clock = manualClock("2026-05-01T09:00:00Z");
let ctx: TestContext;
let admin: ReturnType<typeof api>;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  const ws = await createWorkspace(ctx.services);
  admin = api(ctx.app, (await keysFor(ctx.services, ws.workspaceId)).admin);
});
afterAll(() => ctx.close());

const md = (front: string, body: string) => `---\n${front.trim()}\n---\n\n${body}`;

const FOLDER = [
  {
    path: "policies/return-policy.md",
    content: md(
      `
kind: policy
policy_type: returns
title: Return policy
category: returns
params:
  windowDays: 30
  categoryWindows:
    footwear: 60
  finalSaleCategories: [gift-cards]
change_note: initial import`,
      "# Returns\n\nReturn unworn items within 30 days. Shoes: 60 days.\n",
    ),
  },
  {
    path: "promotions/summer.md",
    content: md(
      `
slug: summer-sale
kind: promotion
title: Summer sale
effective_from: 2026-06-01T00:00:00Z
effective_to: 2026-07-01T00:00:00Z
params:
  discountPercent: 15`,
      "15% off everything in June.",
    ),
  },
  {
    path: "updates/store-closed.md",
    content: md(
      `
kind: update
title: "Boston store closed <today>"
scope:
  stores: [boston]
channels: [web_chat, voice]`,
      "Closed for inventory. <img src=x onerror=alert(1)>\n",
    ),
  },
];

describe("Markdown import and export", () => {
  it("imports a folder of Markdown files and publishes them", async () => {
    const response = await admin.post("/knowledge/import", { files: FOLDER, publish: true });
    expect(response.status).toBe(200);
    expect(
      response.body.files.map((f: { slug: string; action: string; status: string }) => [
        f.slug,
        f.action,
        f.status,
      ]),
    ).toEqual([
      ["return-policy", "created", "published"],
      ["summer-sale", "created", "published"],
      ["store-closed", "created", "published"],
    ]);
    const policy = await admin.get("/knowledge/policies/returns");
    expect(policy.body).toMatchObject({
      params: { windowDays: 30, categoryWindows: { footwear: 60 } },
      source: { version: 1 },
    });
  });

  it("round-trips: exporting then importing the export changes nothing", async () => {
    const exported = await admin.get("/knowledge/export?versions=latest");
    expect(exported.status).toBe(200);
    const files = exported.body.files as { path: string; content: string }[];
    expect(files.map((f) => f.path)).toEqual([
      "policies/return-policy.md",
      "promotions/summer-sale.md",
      "updates/store-closed.md",
    ]);
    const reimport = await admin.post("/knowledge/import", { files, publish: true });
    expect(reimport.body.files.every((f: { action: string }) => f.action === "unchanged")).toBe(true);
    const again = await admin.get("/knowledge/export?versions=latest");
    expect(again.body.files).toEqual(files);
    // The body survives byte for byte, HTML included.
    expect(files[2]?.content).toContain("<img src=x onerror=alert(1)>\n");
  });

  it("exports what is in force at a time: the summer sale only during June", async () => {
    const now = await admin.get("/knowledge/export");
    expect(now.body.files.map((f: { path: string }) => f.path)).not.toContain("promotions/summer-sale.md");
    const june = await admin.get(`/knowledge/export?at=${encodeURIComponent("2026-06-15T00:00:00Z")}`);
    expect(june.body.files.map((f: { path: string }) => f.path)).toContain("promotions/summer-sale.md");
  });

  it("imports a changed file as a new version of the same entry", async () => {
    clock.advance(60_000);
    const changed = FOLDER[0]?.content.replace("windowDays: 30", "windowDays: 45") as string;
    const response = await admin.post("/knowledge/import", {
      files: [{ path: "policies/return-policy.md", content: changed }],
      publish: true,
    });
    expect(response.body.files[0]).toMatchObject({ action: "updated", version: 2, status: "published" });
    expect((await admin.get("/knowledge/policies/returns")).body.params.windowDays).toBe(45);
  });

  it("imports as drafts when not asked to publish", async () => {
    const response = await admin.post("/knowledge/import", {
      files: [{ path: "articles/care.md", content: md("kind: article\ntitle: Care guide", "Wash cold.") }],
    });
    expect(response.body.files[0]).toMatchObject({ action: "created", status: "draft" });
    const entry = await admin.get(`/knowledge/entries/${response.body.files[0].entryId}`);
    expect(entry.body.inForce).toBeNull();
  });

  it("publishes an earlier import's draft instead of leaving it orphaned beside a new version", async () => {
    const file = { path: "articles/sizing.md", content: md("kind: article\ntitle: Sizing guide", "Our sizes run true.") };
    const draft = await admin.post("/knowledge/import", { files: [file] });
    expect(draft.body.files[0]).toMatchObject({ action: "created", status: "draft", version: 1 });
    const published = await admin.post("/knowledge/import", { files: [file], publish: true });
    expect(published.body.files[0]).toMatchObject({ status: "published", version: 1 });

    const changed = { ...file, content: md("kind: article\ntitle: Sizing guide", "Our sizes run small.") };
    expect((await admin.post("/knowledge/import", { files: [changed] })).body.files[0]).toMatchObject({ status: "draft", version: 2 });
    const changedAgain = { ...file, content: md("kind: article\ntitle: Sizing guide", "Our sizes run large.") };
    const final = await admin.post("/knowledge/import", { files: [changedAgain], publish: true });
    expect(final.body.files[0]).toMatchObject({ status: "published", version: 3 });
    const versions = await admin.get(`/knowledge/entries/${draft.body.files[0].entryId}/versions`);
    const statuses = (versions.body.versions as { version: number; status: string }[]).map((v) => [v.version, v.status]);
    expect(statuses).toEqual([
      [1, "superseded"],
      [2, "archived"],
      [3, "published"],
    ]);
  });

  it("rejects the whole import when one file is bad, naming the file and field", async () => {
    const before = await admin.get("/knowledge/export?versions=latest");
    const response = await admin.post("/knowledge/import", {
      publish: true,
      files: [
        { path: "articles/fine.md", content: md("kind: article\ntitle: Fine", "ok") },
        {
          path: "policies/shipping.md",
          content: md("kind: policy\npolicy_type: shipping\ntitle: S\nparams:\n  currency: dollars", "x"),
        },
        { path: "articles/no-front-matter.md", content: "# hello" },
        { path: "articles/bad-yaml.md", content: md("kind: article\ntitle: [oops", "x") },
        { path: "articles/unknown.md", content: md("kind: article\ntitle: T\nauthor: me", "x") },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("KNOWLEDGE_IMPORT_INVALID");
    const problems = response.body.error.details.problems as { path: string; field?: string }[];
    expect(problems.map((p) => [p.path, p.field])).toEqual([
      ["policies/shipping.md", "params.currency"],
      ["articles/no-front-matter.md", undefined],
      ["articles/bad-yaml.md", undefined],
      ["articles/unknown.md", "author"],
    ]);
    const after = await admin.get("/knowledge/export?versions=latest");
    expect(after.body.files).toEqual(before.body.files);
  });

  it("rolls back everything when a file fails while importing", async () => {
    const response = await admin.post("/knowledge/import", {
      publish: true,
      files: [
        { path: "articles/new-one.md", content: md("kind: article\ntitle: New", "new") },
        // Valid on its own, but the entry already exists as a returns policy.
        { path: "articles/return-policy.md", content: md("kind: article\ntitle: R", "x") },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.problems[0]).toMatchObject({ path: "articles/return-policy.md" });
    expect((await admin.get("/knowledge/slugs/new-one")).status).toBe(404);
  });
});
