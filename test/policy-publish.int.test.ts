import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedRetail } from "../src/agent/test-support/retail-fixture";
import {
  createTestContext,
  createWorkspace,
  manualClock,
  uniqueEmail,
  type TestContext,
  type WorkspaceFixture,
} from "./helpers";

// One policy change, seen everywhere at once: after the publish call returns, the very next
// return-eligibility check and the very next agent answer on two channels use the new rule.
const clock = manualClock("2026-01-15T17:00:00Z");
let t: TestContext;
let ws: WorkspaceFixture;
let mayaId: string;
const maya = uniqueEmail("maya");
const jane = uniqueEmail("jane");

type Turn = { replies: { text: string }[]; caseId: string; turnId: string };

beforeAll(async () => {
  t = await createTestContext({ clock });
  await t.services.agent.warmUp();
  ws = await createWorkspace(t.services);
  await seedRetail(t.services, ws.workspaceId, { maya, jane });
  const customer = await t.services.customers.create(ws.workspaceId, {
    identities: [{ kind: "email", value: maya }],
  });
  const identity = customer.identities[0];
  if (!identity) throw new Error("no identity");
  await t.services.customers.verifyIdentity(ws.workspaceId, customer.id, identity.id, "staff", "test");
  mayaId = customer.id;
});
afterAll(async () => t?.close());

const call = async (method: "GET" | "POST", url: string, payload?: Record<string, unknown>) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: ws.headers, payload });
  return { status: response.statusCode, body: response.json() };
};

async function eligibility() {
  const response = await call("POST", "/tools/returns.eligibility", {
    input: { orderNumber: "1003" },
    customerId: mayaId,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as {
    lines: { eligible: boolean; windowDays: number; refusals: { id: string }[] }[];
    policySource: { entryId: string; version: number } | null;
  };
}

async function ask(channel: string, text: string) {
  const response = await call("POST", "/channels/rest/messages", {
    channel,
    sender: [{ kind: "email", value: maya }],
    text,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const turn = response.body as Turn;
  const turns = await call("GET", `/cases/${turn.caseId}/agent-turns`);
  const recorded = (
    turns.body.turns as { id: string; knowledge: { entryId: string; version: number }[] }[]
  ).find((x) => x.id === turn.turnId);
  return { text: turn.replies.map((r) => r.text).join("\n"), knowledge: recorded?.knowledge ?? [] };
}

const policyBody = (days: number) =>
  `# Return policy\n\nYou can return items within ${days} days of delivery for a full refund, unused and with tags.`;

describe("publishing a policy change", () => {
  it("is applied by the eligibility tool and the agent on two channels on the very next request", async () => {
    const created = await call("POST", "/knowledge/entries", {
      kind: "policy",
      slug: "return-policy",
      policyType: "returns",
      title: "Return policy",
      category: "returns",
      body: policyBody(60),
      params: { windowDays: 60 },
      publish: true,
    });
    expect(created.status).toBe(201);
    const entryId = created.body.id as string;

    // Order 1003 was delivered 41 days ago: inside 60 days, outside 30.
    const before = await eligibility();
    expect(before.lines[0]).toMatchObject({ eligible: true, windowDays: 60 });
    expect(before.policySource).toEqual({ entryId, version: 1 });
    const chatBefore = await ask("web_chat", "what is your return policy?");
    expect(chatBefore.text).toContain("60 days");

    clock.advance(60_000);
    const draft = await call("POST", `/knowledge/entries/${entryId}/versions`, {
      body: policyBody(30),
      params: { windowDays: 30 },
      changeNote: "Window shortened to 30 days",
    });
    expect(draft.status).toBe(201);
    const published = await call("POST", `/knowledge/entries/${entryId}/versions/2/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    // 1. The publish call has returned. 2. The very next tool call uses version 2.
    const after = await eligibility();
    expect(after.policySource).toEqual({ entryId, version: 2 });
    expect(after.lines[0]).toMatchObject({ eligible: false, windowDays: 30 });
    expect(after.lines[0]?.refusals.map((r) => r.id)).toContain("returns.window_closed");

    // 3. The very next answers on two channels quote version 2 and record it on the turn.
    for (const channel of ["web_chat", "mobile"]) {
      const answer = await ask(channel, "what is your return policy?");
      expect(answer.text, channel).toContain("30 days");
      expect(answer.text, channel).not.toContain("60 days");
      expect(answer.knowledge, channel).toContainEqual(expect.objectContaining({ entryId, version: 2 }));
    }
  });
});
