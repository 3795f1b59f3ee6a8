import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../core/clock";
import { createTestContext, type TestContext } from "../../test/helpers";
import { openShop, say, type Shop } from "../agent/test-support/conversation";
import { api, signIn } from "../routing/test-support/team";

// A Wednesday afternoon in New York.
const clock = manualClock("2026-01-14T20:00:00Z");
let t: TestContext;
let shop: Shop;

beforeAll(async () => {
  t = await createTestContext({ clock });
  await t.services.agent.warmUp();
  shop = await openShop(t);
  const lead = await signIn(t, shop.ws, "Lee Lead", "supervisor");
  await api(t, lead.headers, "POST", "/queues", { name: "Support", skills: ["general"], timezone: "America/New_York", isDefault: true }, 201);
  await shop.verified(shop.maya);
});
afterAll(() => t?.close());

type Message = { authorKind: string; direction: string; body: string; createdAt: string };

describe("after escalation, while the case waits", () => {
  let caseId = "";

  it("answers a question it can answer fully, says where the case stands, and marks it on the case", async () => {
    const escalated = await shop.send(shop.maya, "I want to speak to a real person");
    caseId = escalated.caseId;
    expect(escalated.escalated).toBe(true);
    const r = await shop.send(shop.maya, "what time does the Soho store close today?");
    expect(r.decision).toBe("answer");
    expect(say(r)).toMatch(/Soho/);
    expect(say(r)).toContain("Your conversation is still with our team. You're next in line for our team");
    expect(say(r)).not.toContain("A member of our team has it");
    const timeline = await t.services.timeline.list(shop.ws.workspaceId, r.customerId, { limit: 100 });
    expect(timeline.events.some((e) => e.kind === "case.answered_while_waiting" && e.caseId === caseId)).toBe(true);
    const turns = await t.services.agent.turns(shop.ws.workspaceId, caseId);
    expect(turns.at(-1)?.notes.answeredWhileWaiting).toBe(true);
  });

  it("answers a verified customer's order status while waiting", async () => {
    const r = await shop.send(shop.maya, "where is order 1001?");
    expect(r.decision).toBe("answer");
    expect(say(r)).toMatch(/1001/);
    expect(say(r)).toContain("still with our team");
  });

  it("leaves anything that acts to the team and says so with the wait", async () => {
    const r = await shop.send(shop.maya, "please cancel order 1001");
    expect(r.decision).toBe("handoff_pending");
    expect(say(r)).toBe(
      "Thanks, I've added this to your conversation for our team.\nYou're next in line for our team; the estimated wait is about 8 minutes.",
    );
  });

  it("rebuilds the handoff summary as the case changes", async () => {
    const summary = await api<{ version: number; trigger: string; summary: { text: string } }>(t, shop.ws.headers, "GET", `/cases/${caseId}/summary`);
    expect(summary.version).toBeGreaterThan(1);
    expect(summary.trigger).toBe("message");
  });

  it("once a person holds the case, stops replying and drafts for them instead", async () => {
    const sam = await signIn(t, shop.ws, "Sam Agent");
    await api(t, sam.headers, "PUT", "/agents/me/presence", { presence: "away" });
    await api(t, sam.headers, "POST", `/cases/${caseId}/pickup`);
    const before = await api<{ messages: Message[] }>(t, shop.ws.headers, "GET", `/cases/${caseId}/messages?limit=200`);
    const r = await shop.send(shop.maya, "where is order 1001?");
    expect(r.replies).toEqual([]);
    expect(r.decision).toBe("draft_for_agent");
    const after = await api<{ messages: Message[] }>(t, shop.ws.headers, "GET", `/cases/${caseId}/messages?limit=200`);
    // Only the customer's message was added: nothing went out from the AI.
    expect(after.messages.length).toBe(before.messages.length + 1);
    const fromAi = (messages: Message[]) => messages.filter((m) => m.authorKind === "ai").length;
    expect(fromAi(after.messages)).toBe(fromAi(before.messages));
    const { suggestions } = await api<{ suggestions: { body: string; tools: { name: string; ok: boolean }[] }[] }>(
      t, sam.headers, "GET", `/cases/${caseId}/suggestions`,
    );
    expect(suggestions[0]?.body).toMatch(/1001/);
    expect(suggestions[0]?.tools.some((tool) => tool.name === "order.status" && tool.ok)).toBe(true);
  });

  it("never carries out an earlier offer on a yes after the handover", async () => {
    const r = await shop.send(shop.maya, "yes");
    expect(r.replies).toEqual([]);
    expect(r.decision).toBe("draft_for_agent");
    const status = await api<{ orders: { status: string }[] }>(t, shop.ws.headers, "GET", "/orders/1001");
    expect(status.orders[0]?.status).toBe("processing");
  });
});
