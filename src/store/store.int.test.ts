import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, createWorkspace, uniqueEmail, type TestContext, type WorkspaceFixture } from "../../test/helpers";
import { seedRetail } from "../agent/test-support/retail-fixture";

// The in-store associate's desk through HTTP: look-up, the unified profile, and visits on the timeline.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const PHONE = "+447911123456";

type Lookup = {
  matches: {
    matchedBy: string[];
    customer: { id: string; displayName: string | null; identities: { kind: string; value: string }[] };
    openCases: { id: string; status: string }[];
    recentOrders: { number: string; status: string; items: { title: string; quantity: number }[] }[];
  }[];
};

type Shop = { ws: WorkspaceFixture; maya: string; customerId: string; caseId: string };

async function openShop(): Promise<Shop> {
  const ws = await createWorkspace(t.services);
  const maya = uniqueEmail("maya");
  await seedRetail(t.services, ws.workspaceId, { maya, jane: uniqueEmail("jane") });
  const created = await t.app.inject({
    method: "POST",
    url: "/api/v1/customers",
    headers: ws.headers,
    payload: {
      displayName: "Maya Chen",
      identities: [
        { kind: "email", value: maya },
        { kind: "phone", value: PHONE },
        { kind: "loyalty", value: "LOY-4411" },
      ],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const customerId = (created.json() as { id: string }).id;
  const inbound = await t.app.inject({
    method: "POST",
    url: "/api/v1/inbound",
    headers: ws.headers,
    payload: { channel: "email", identities: [{ kind: "email", value: maya }], text: "My jacket from order 1002 is late", orderRef: "1002" },
  });
  expect(inbound.statusCode, inbound.body).toBe(201);
  return { ws, maya, customerId, caseId: (inbound.json() as { case: { id: string } }).case.id };
}

const lookup = async (headers: Record<string, string>, q: string) =>
  t.app.inject({ url: `/api/v1/store/lookup?q=${encodeURIComponent(q)}`, headers });

async function keyFor(ws: WorkspaceFixture, role: "agent" | "executive") {
  const { key } = await t.services.auth.createApiKey(ws.workspaceId, { name: `${role} desk`, role });
  return { authorization: `Bearer ${key}` };
}

describe("in-store associate look-up", () => {
  it("finds the customer by phone, email, loyalty id or order number, with the unified profile, open cases and recent orders", async () => {
    const shop = await openShop();
    const agent = await keyFor(shop.ws, "agent");
    const cases: [string, string][] = [
      ["+44 7911 123456", "phone"],
      [shop.maya.toUpperCase(), "email"],
      ["LOY-4411", "loyalty"],
      ["1002", "order"],
      ["#1003", "order"],
    ];
    for (const [q, how] of cases) {
      const response = await lookup(agent, q);
      expect(response.statusCode, response.body).toBe(200);
      const { matches } = response.json() as Lookup;
      expect(matches, q).toHaveLength(1);
      const [match] = matches;
      expect(match?.matchedBy).toEqual([how]);
      expect(match?.customer.id).toBe(shop.customerId);
      expect(match?.customer.identities.map((i) => i.kind).sort()).toEqual(["email", "loyalty", "phone"]);
      expect(match?.openCases.map((c) => c.id)).toEqual([shop.caseId]);
      expect(match?.recentOrders.map((o) => o.number)).toEqual(expect.arrayContaining(["1001", "1002", "1003", "1004"]));
      expect(match?.recentOrders.find((o) => o.number === "1002")?.items).toEqual([{ title: "Aero Running Jacket", quantity: 1 }]);
    }
  });

  it("finds nobody for an unknown value and refuses an empty query naming the field", async () => {
    const shop = await openShop();
    const none = await lookup(shop.ws.headers, "nobody@example.com");
    expect(none.statusCode).toBe(200);
    expect((none.json() as Lookup).matches).toEqual([]);
    const garbage = await lookup(shop.ws.headers, "not a phone, not an order");
    expect((garbage.json() as Lookup).matches).toEqual([]);
    const empty = await lookup(shop.ws.headers, "   ");
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/q/);
  });

  it("keeps workspaces apart and lets only staff look customers up", async () => {
    const shop = await openShop();
    const other = await createWorkspace(t.services);
    for (const q of [shop.maya, PHONE, "LOY-4411"]) {
      const response = await lookup(other.headers, q);
      expect(response.statusCode).toBe(200);
      expect((response.json() as Lookup).matches).toEqual([]);
    }
    const executive = await keyFor(shop.ws, "executive");
    expect((await lookup(executive, shop.maya)).statusCode).toBe(403);
    expect((await lookup({}, shop.maya)).statusCode).toBe(401);
  });
});

describe("in-store interactions on the timeline", () => {
  const log = (headers: Record<string, string>, customerId: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: "POST", url: `/api/v1/customers/${customerId}/interactions`, headers, payload });

  it("records a visit with the store, the note and the associate, on the customer's timeline and case", async () => {
    const shop = await openShop();
    const agent = await keyFor(shop.ws, "agent");
    const response = await log(agent, shop.customerId, {
      channel: "store",
      storeId: "NYC-SOHO",
      note: "Came in about the late jacket; offered a replacement in size S.",
      caseId: shop.caseId,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ customerId: shop.customerId, storeId: "NYC-SOHO", storeName: "Soho", caseId: shop.caseId });
    const timeline = await t.app.inject({ url: `/api/v1/customers/${shop.customerId}/timeline?limit=200`, headers: shop.ws.headers });
    const events = (timeline.json() as { events: { kind: string; channel: string | null; caseId: string | null; data: Record<string, unknown> }[] }).events;
    expect(events.filter((e) => e.kind === "store.interaction")).toEqual([
      expect.objectContaining({
        channel: "store",
        caseId: shop.caseId,
        data: expect.objectContaining({ storeId: "NYC-SOHO", note: "Came in about the late jacket; offered a replacement in size S." }),
      }),
    ]);
  });

  it("refuses bad input with the field named, and another workspace's customer or case as not found", async () => {
    const shop = await openShop();
    const unknownStore = await log(shop.ws.headers, shop.customerId, { storeId: "NOPE", note: "hello" });
    expect(unknownStore.statusCode).toBe(400);
    expect(unknownStore.json()).toMatchObject({ error: { field: "storeId" } });
    const emptyNote = await log(shop.ws.headers, shop.customerId, { storeId: "NYC-SOHO", note: "  " });
    expect(emptyNote.statusCode).toBe(400);
    expect(emptyNote.body).toMatch(/note/);
    const wrongChannel = await log(shop.ws.headers, shop.customerId, { channel: "sms", storeId: "NYC-SOHO", note: "hi" });
    expect(wrongChannel.statusCode).toBe(400);

    const other = await openShop();
    expect((await log(other.ws.headers, shop.customerId, { storeId: "NYC-SOHO", note: "hi" })).statusCode).toBe(404);
    const foreignCase = await log(shop.ws.headers, shop.customerId, { storeId: "NYC-SOHO", note: "hi", caseId: other.caseId });
    expect(foreignCase.statusCode).toBe(404);
    const executive = await keyFor(shop.ws, "executive");
    expect((await log(executive, shop.customerId, { storeId: "NYC-SOHO", note: "hi" })).statusCode).toBe(403);
  });
});
