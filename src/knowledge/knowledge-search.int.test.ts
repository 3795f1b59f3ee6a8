import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, createWorkspace, manualClock, type TestContext } from "../../test/helpers";
import { api, keysFor, RETURNS_V1 } from "./test/knowledge-fixtures";

const clock = manualClock("2026-04-01T09:00:00Z");
let ctx: TestContext;
let admin: ReturnType<typeof api>;
let agent: ReturnType<typeof api>;
const ids: Record<string, string> = {};

type Passage = {
  entryId: string;
  version: number;
  slug: string;
  title: string;
  snippet: string;
  score: number;
  kind: string;
};

async function search(query: string): Promise<Passage[]> {
  const response = await agent.get(`/knowledge/search?${query}`);
  expect(response.status).toBe(200);
  return response.body.passages;
}
const slugs = (passages: Passage[]) => passages.map((p) => p.slug);

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  const ws = await createWorkspace(ctx.services);
  const keys = await keysFor(ctx.services, ws.workspaceId);
  admin = api(ctx.app, keys.admin);
  agent = api(ctx.app, keys.agent);
  const entries = [
    RETURNS_V1,
    {
      kind: "article",
      slug: "how-to-start-a-return",
      title: "How to start a return",
      category: "returns",
      body: "Returning an item is easy: open your order and choose *Start a return*. We email a label.",
    },
    {
      kind: "policy",
      slug: "shipping-policy",
      policyType: "shipping",
      title: "Shipping policy",
      category: "shipping",
      body: "Standard shipping takes 3 to 5 business days. Orders over $75 ship free.",
      params: { freeShippingThreshold: 75 },
    },
    {
      kind: "update",
      slug: "brooklyn-closed",
      title: "Brooklyn store closed today",
      category: "stores",
      body: "Our Brooklyn store is closed today for a water leak. Online orders ship as usual.",
      scope: { stores: ["brooklyn"], regions: ["US-NY"] },
    },
    {
      kind: "update",
      slug: "carrier-delay-west",
      title: "Carrier delays in the West",
      category: "shipping",
      body: "Deliveries to the West region may arrive two days late because of carrier delays.",
      scope: { regions: ["US-WEST"] },
    },
    {
      kind: "article",
      slug: "voice-only-tip",
      title: "Phone menu shortcuts",
      category: "help",
      channels: ["voice"],
      body: "Say 'returns' at any time to reach the returns team.",
    },
    {
      kind: "article",
      slug: "devoluciones",
      title: "Cómo devolver un artículo",
      category: "returns",
      locale: "es",
      body: "Puede devolver returns dentro de 30 días.",
    },
    {
      kind: "article",
      slug: "unsafe-html",
      title: "Gift cards",
      category: "gift-cards",
      body: 'Gift cards <script>alert("x")</script> never expire & can be used <b>online</b>.',
    },
  ];
  for (const entry of entries) {
    const created = await admin.post("/knowledge/entries", { ...entry, publish: true });
    expect(created.status).toBe(201);
    ids[entry.slug] = created.body.id;
  }
});
afterAll(() => ctx.close());

describe("knowledge search", () => {
  it("matches inflections: return, returns and returning find the same entries", async () => {
    for (const word of ["return", "returns", "returning", "returned"]) {
      const found = slugs(await search(`q=${word}`));
      expect(found, word).toContain("return-policy");
      expect(found, word).toContain("how-to-start-a-return");
    }
  });

  it("returns passages with entry id, version, title, snippet, score and kind", async () => {
    const [top] = await search("q=return%20window%20days");
    expect(top).toMatchObject({
      entryId: ids["return-policy"],
      version: 1,
      title: "Return policy",
      kind: "policy",
      policyType: "returns",
    });
    expect(top?.score).toBeGreaterThan(0);
    expect(top?.snippet).toContain("<mark>");
  });

  it("ranks entries matching every word of a question above those matching one", async () => {
    const passages = await search("q=" + encodeURIComponent("is the brooklyn store closed?"));
    expect(passages[0]?.slug).toBe("brooklyn-closed");
  });

  it("finds nothing for words that are not there, or only stop words", async () => {
    expect(await search("q=zeppelin")).toEqual([]);
    expect(await search("q=the%20and")).toEqual([]);
  });

  it("filters by kind, category, policy type and locale", async () => {
    expect(slugs(await search("q=returns&kind=article"))).not.toContain("return-policy");
    expect(slugs(await search("q=shipping&category=stores"))).toEqual(["brooklyn-closed"]);
    expect(slugs(await search("q=ship&policyType=shipping"))).toEqual(["shipping-policy"]);
    expect(slugs(await search("q=returns&locale=es"))).toEqual(["devoluciones"]);
    expect(slugs(await search("q=returns&locale=en-US"))).not.toContain("devoluciones");
  });

  it("filters by channel: channel-specific entries only show on their channel", async () => {
    expect(slugs(await search("q=returns&channel=web_chat"))).not.toContain("voice-only-tip");
    expect(slugs(await search("q=returns&channel=voice"))).toContain("voice-only-tip");
  });

  it("filters operational updates by store and region scope", async () => {
    expect(slugs(await search("q=closed&store=brooklyn"))).toContain("brooklyn-closed");
    expect(slugs(await search("q=closed&store=manhattan"))).not.toContain("brooklyn-closed");
    expect(slugs(await search("q=delays&region=US-WEST"))).toContain("carrier-delay-west");
    expect(slugs(await search("q=delays&region=US-NY"))).not.toContain("carrier-delay-west");
    // Unscoped entries apply everywhere.
    expect(slugs(await search("q=shipping&region=US-NY"))).toContain("shipping-policy");
  });

  it("requires every word in `all` mode", async () => {
    expect(slugs(await search("q=brooklyn%20returns&match=all"))).toEqual([]);
    expect(slugs(await search("q=brooklyn%20store&match=all"))).toEqual(["brooklyn-closed"]);
  });

  it("stores HTML as given but never returns it unescaped in snippets", async () => {
    const [hit] = await search("q=gift%20cards%20expire");
    expect(hit?.slug).toBe("unsafe-html");
    expect(hit?.snippet).not.toMatch(/<(?!\/?mark>)/);
    const entry = await agent.get(`/knowledge/entries/${ids["unsafe-html"]}`);
    expect(entry.body.inForce.body).toContain('<script>alert("x")</script>');
  });

  it("searches only what is in force, and what was in force at `at`", async () => {
    const id = ids["how-to-start-a-return"] as string;
    const before = clock.now();
    clock.advance(60_000);
    await admin.post(`/knowledge/entries/${id}/versions`, {
      body: "Exchanges and refunds start from the order page.",
      title: "Starting an exchange",
    });
    await admin.post(`/knowledge/entries/${id}/versions/2/publish`);
    expect(slugs(await search("q=label"))).not.toContain("how-to-start-a-return");
    const old = await search(`q=label&at=${encodeURIComponent(before.toISOString())}`);
    expect(old.find((p) => p.slug === "how-to-start-a-return")?.version).toBe(1);
    const now = await search("q=exchange");
    expect(now.find((p) => p.slug === "how-to-start-a-return")?.version).toBe(2);
  });

  it("rejects an empty query with a clear error", async () => {
    const response = await agent.get("/knowledge/search?q=%20");
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe("q");
  });
});
