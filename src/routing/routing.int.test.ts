import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../core/clock";
import type { DomainEvent } from "../core/events";
import { createTestContext, uniqueEmail, type TestContext } from "../../test/helpers";
import { openShop, say, type Shop } from "../agent/test-support/conversation";
import { api, signIn, type Member } from "./test-support/team";

// A Wednesday, 15:00 in New York: the support queue is open.
const clock = manualClock("2026-01-14T20:00:00Z");
let t: TestContext;
const events: DomainEvent[] = [];

beforeAll(async () => {
  t = await createTestContext({ clock });
  // Training the built-in NLU takes seconds: done here, not inside the first test's time.
  await t.services.agent.warmUp();
  t.services.events.on("*", (event) => {
    events.push(event);
  });
});
afterAll(() => t?.close());

type Item = { id: string; status: string; assigneeId: string | null; queueId: string; slaDueAt: string; channel: string };
type Agent = { presence: string; load: { channel: string; capacity: number; open: number }[] };

const weekdays = [{ open: "09:00", close: "17:00" }];
const officeHours = { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays };

async function team(shop: Shop) {
  const lead = await signIn(t, shop.ws, "Lee Lead", "supervisor");
  const queue = await api<{ id: string }>(t, lead.headers, "POST", "/queues", {
    name: "Support",
    skills: ["general", "delivery", "returns"],
    timezone: "America/New_York",
    hours: officeHours,
    slaSeconds: 300,
    isDefault: true,
  }, 201);
  return { lead, queue };
}

async function escalate(shop: Shop, email = uniqueEmail()) {
  const r = await shop.send(email, "I want to talk to a real person please");
  expect(r.escalated).toBe(true);
  return r;
}

const chatLoad = (agent: Agent) => agent.load.find((l) => l.channel === "chat")!;

describe("queueing an escalated case", () => {
  it("tells the customer their place in line and gives the case to the first agent who comes online", async () => {
    const shop = await openShop(t);
    const { queue } = await team(shop);
    const r = await escalate(shop);
    expect(say(r)).toMatch(/You're next in line for our team; the estimated wait is about \d+ minutes?\./);
    const routed = await api<{ item: Item }>(t, shop.ws.headers, "GET", `/cases/${r.caseId}/routing`);
    expect(routed.item).toMatchObject({ status: "queued", queueId: queue.id, channel: "chat" });
    expect(events.some((e) => e.name === "case.queued" && e.payload.caseId === r.caseId)).toBe(true);

    const sam = await signIn(t, shop.ws, "Sam Agent");
    const me = await api<Agent>(t, sam.headers, "PUT", "/agents/me/presence", { presence: "online" });
    expect(chatLoad(me)).toEqual({ channel: "chat", capacity: 3, open: 1 });
    const after = await api<{ item: Item }>(t, shop.ws.headers, "GET", `/cases/${r.caseId}/routing`);
    expect(after.item).toMatchObject({ status: "assigned", assigneeId: sam.userId });
    const theCase = await api<{ assigneeId: string; status: string }>(t, shop.ws.headers, "GET", `/cases/${r.caseId}`);
    expect(theCase).toMatchObject({ assigneeId: sam.userId, status: "escalated" });
    expect(events.some((e) => e.name === "case.assigned" && e.payload.assigneeId === sam.userId)).toBe(true);
  });

  it("outside the queue's hours says when a person will answer and on which channel", async () => {
    const shop = await openShop(t);
    const { lead, queue } = await team(shop);
    await api(t, lead.headers, "PATCH", `/queues/${queue.id}`, { afterHoursChannel: "email" });
    clock.set("2026-01-17T15:00:00Z"); // Saturday
    try {
      const r = await escalate(shop);
      expect(say(r)).toContain(
        "Our team is away right now. A person will answer you by email from Monday 19 January at 9:00 AM New York time.",
      );
      const routed = await api<{ item: Item }>(t, shop.ws.headers, "GET", `/cases/${r.caseId}/routing`);
      // The five-minute promise counts from Monday's opening, not from Saturday.
      expect(routed.item.slaDueAt).toBe("2026-01-19T14:05:00.000Z");
    } finally {
      clock.set("2026-01-14T20:00:00Z");
    }
  });
});

describe("pick-up", () => {
  it("gives a case picked up by two agents at the same moment to exactly one", async () => {
    const shop = await openShop(t);
    await team(shop);
    const agents: Member[] = [];
    for (const name of ["Ana", "Ben", "Cy", "Di"]) {
      const member = await signIn(t, shop.ws, name);
      await api(t, member.headers, "PUT", "/agents/me/presence", { presence: "away" });
      agents.push(member);
    }
    for (let round = 0; round < 3; round++) {
      const r = await escalate(shop);
      const responses = await Promise.all(
        agents.map((agent) =>
          t.app.inject({ method: "POST", url: `/api/v1/cases/${r.caseId}/pickup`, headers: agent.headers }),
        ),
      );
      const statuses = responses.map((response) => response.statusCode).sort();
      expect(statuses).toEqual([200, 409, 409, 409]);
      const winner = agents[responses.findIndex((response) => response.statusCode === 200)]!;
      const loser = responses.find((response) => response.statusCode === 409)!;
      expect(loser.json().error.code).toBe("ROUTING_ALREADY_ASSIGNED");
      const theCase = await api<{ assigneeId: string }>(t, shop.ws.headers, "GET", `/cases/${r.caseId}`);
      expect(theCase.assigneeId).toBe(winner.userId);
    }
    // Each agent's counter matches the cases they hold: nobody was counted twice.
    const { agents: listed } = await api<{ agents: (Agent & { userId: string })[] }>(t, shop.ws.headers, "GET", "/agents");
    const held = listed.filter((a) => agents.some((m) => m.userId === a.userId)).reduce((n, a) => n + chatLoad(a).open, 0);
    expect(held).toBe(3);
  });

  it("refuses a pick-up by an offline agent, an agent at capacity and an API key", async () => {
    const shop = await openShop(t);
    const { lead } = await team(shop);
    const eve = await signIn(t, shop.ws, "Eve");
    const r = await escalate(shop);
    const offline = await api<{ error: { code: string } }>(t, eve.headers, "POST", `/cases/${r.caseId}/pickup`, undefined, 409);
    expect(offline.error.code).toBe("ROUTING_AGENT_OFFLINE");
    await api(t, lead.headers, "PUT", `/agents/${eve.userId}`, { capacity: { chat: 0 } });
    await api(t, eve.headers, "PUT", "/agents/me/presence", { presence: "away" });
    const full = await api<{ error: { code: string } }>(t, eve.headers, "POST", `/cases/${r.caseId}/pickup`, undefined, 409);
    expect(full.error.code).toBe("ROUTING_AGENT_AT_CAPACITY");
    const key = await api<{ error: { code: string } }>(t, shop.ws.headers, "POST", `/cases/${r.caseId}/pickup`, undefined, 403);
    expect(key.error.code).toBe("ROUTING_STAFF_USER_REQUIRED");
  });
});

describe("transfer, offline and hand-back", () => {
  it("records a transfer to another queue and refuses one to a queue that does not exist", async () => {
    const shop = await openShop(t);
    const { lead, queue } = await team(shop);
    const billing = await api<{ id: string }>(t, lead.headers, "POST", "/queues", { name: "Billing", skills: ["billing"] }, 201);
    const r = await escalate(shop);
    const unknown = await api<{ error: { code: string; field: string } }>(
      t, lead.headers, "POST", `/cases/${r.caseId}/transfer`, { toQueueId: "que_nope" }, 422,
    );
    expect(unknown.error).toMatchObject({ code: "ROUTING_QUEUE_UNKNOWN", field: "toQueueId" });
    const moved = await api<Item>(t, lead.headers, "POST", `/cases/${r.caseId}/transfer`, { toQueueId: billing.id, reason: "refund question" });
    expect(moved).toMatchObject({ queueId: billing.id, status: "queued" });
    const routed = await api<{ transfers: { fromQueueId: string; toQueueId: string; reason: string; actorId: string }[] }>(
      t, shop.ws.headers, "GET", `/cases/${r.caseId}/routing`,
    );
    expect(routed.transfers).toEqual([
      expect.objectContaining({ fromQueueId: queue.id, toQueueId: billing.id, reason: "refund question", actorId: lead.userId }),
    ]);
    expect(events.some((e) => e.name === "case.transferred" && e.payload.caseId === r.caseId)).toBe(true);
  });

  it("refuses a transfer to an offline agent and to one at capacity, then moves it to one with room", async () => {
    const shop = await openShop(t);
    const { lead } = await team(shop);
    const [fay, gus] = [await signIn(t, shop.ws, "Fay"), await signIn(t, shop.ws, "Gus")];
    await api(t, fay.headers, "PUT", "/agents/me/presence", { presence: "online" });
    const r = await escalate(shop);
    expect((await api<{ item: Item }>(t, lead.headers, "GET", `/cases/${r.caseId}/routing`)).item.assigneeId).toBe(fay.userId);
    await api(t, lead.headers, "PUT", `/agents/${gus.userId}`, { capacity: { chat: 1 } });
    const offline = await api<{ error: { code: string; field: string } }>(
      t, lead.headers, "POST", `/cases/${r.caseId}/transfer`, { toAgentId: gus.userId }, 409,
    );
    expect(offline.error).toMatchObject({ code: "ROUTING_AGENT_OFFLINE", field: "toAgentId" });
    await api(t, gus.headers, "PUT", "/agents/me/presence", { presence: "online" });
    const other = await escalate(shop); // Gus (idle) gets this one and is now full.
    expect((await api<{ item: Item }>(t, lead.headers, "GET", `/cases/${other.caseId}/routing`)).item.assigneeId).toBe(gus.userId);
    const full = await api<{ error: { code: string } }>(t, lead.headers, "POST", `/cases/${r.caseId}/transfer`, { toAgentId: gus.userId }, 409);
    expect(full.error.code).toBe("ROUTING_AGENT_AT_CAPACITY");
    await api(t, lead.headers, "PUT", `/agents/${gus.userId}`, { capacity: { chat: 2 } });
    const moved = await api<Item>(t, lead.headers, "POST", `/cases/${r.caseId}/transfer`, { toAgentId: gus.userId });
    expect(moved).toMatchObject({ status: "assigned", assigneeId: gus.userId });
    const fayNow = await api<Agent>(t, fay.headers, "GET", "/agents/me");
    expect(chatLoad(fayNow).open).toBe(0);
  });

  it("re-routes the unanswered cases of an agent who goes offline and keeps the answered ones", async () => {
    const shop = await openShop(t);
    await team(shop);
    const [hal, ivy] = [await signIn(t, shop.ws, "Hal"), await signIn(t, shop.ws, "Ivy")];
    await api(t, hal.headers, "PUT", "/agents/me/presence", { presence: "online" });
    const answered = await escalate(shop);
    const unanswered = await escalate(shop);
    await api(t, hal.headers, "POST", `/cases/${answered.caseId}/messages`, { body: "Hi, I'm on it." }, 201);
    await api(t, ivy.headers, "PUT", "/agents/me/presence", { presence: "online" });
    const gone = await api<Agent>(t, hal.headers, "PUT", "/agents/me/presence", { presence: "offline" });
    expect(chatLoad(gone).open).toBe(1);
    const kept = await api<{ item: Item }>(t, shop.ws.headers, "GET", `/cases/${answered.caseId}/routing`);
    const moved = await api<{ item: Item }>(t, shop.ws.headers, "GET", `/cases/${unanswered.caseId}/routing`);
    expect(kept.item.assigneeId).toBe(hal.userId);
    expect(moved.item.assigneeId).toBe(ivy.userId);
  });

  it("hands a case back to the AI, which answers the customer again", async () => {
    const shop = await openShop(t);
    await team(shop);
    const jo = await signIn(t, shop.ws, "Jo");
    await api(t, jo.headers, "PUT", "/agents/me/presence", { presence: "online" });
    const email = uniqueEmail();
    const r = await escalate(shop, email);
    const closed = await api<Item>(t, jo.headers, "POST", `/cases/${r.caseId}/handback`);
    expect(closed.status).toBe("closed");
    const theCase = await api<{ status: string; assigneeId: string | null }>(t, shop.ws.headers, "GET", `/cases/${r.caseId}`);
    expect(theCase).toMatchObject({ status: "open", assigneeId: null });
    expect(chatLoad(await api<Agent>(t, jo.headers, "GET", "/agents/me")).open).toBe(0);
    const next = await shop.send(email, "what time does the Soho store close today?");
    expect(next.decision).toBe("answer");
    expect(say(next)).toMatch(/Soho/);
  });

  it("frees the agent's slot when staff resolve the case, and refuses setting the assignee by hand", async () => {
    const shop = await openShop(t);
    await team(shop);
    const kay = await signIn(t, shop.ws, "Kay");
    await api(t, kay.headers, "PUT", "/agents/me/presence", { presence: "online" });
    const r = await escalate(shop);
    const direct = await api<{ error: { code: string } }>(t, shop.ws.headers, "PATCH", `/cases/${r.caseId}`, { assigneeId: kay.userId }, 409);
    expect(direct.error.code).toBe("HANDOFF_ASSIGNEE_ROUTED");
    await api(t, kay.headers, "PATCH", `/cases/${r.caseId}`, { status: "resolved" });
    expect(chatLoad(await api<Agent>(t, kay.headers, "GET", "/agents/me")).open).toBe(0);
    expect((await api<{ item: Item | null }>(t, shop.ws.headers, "GET", `/cases/${r.caseId}/routing`)).item).toBeNull();
  });
});

describe("SLA timers", () => {
  it("reports a breach once, lifts the item's priority, and not for an answered case", async () => {
    const shop = await openShop(t);
    await team(shop);
    const replied = await escalate(shop);
    const lo = await signIn(t, shop.ws, "Lo");
    await api(t, lo.headers, "PUT", "/agents/me/presence", { presence: "online" });
    const silent = await escalate(shop);
    const first = await api<{ item: Item }>(t, shop.ws.headers, "GET", `/cases/${replied.caseId}/routing`);
    expect(first.item.assigneeId).toBe(lo.userId);
    await api(t, lo.headers, "POST", `/cases/${replied.caseId}/messages`, { body: "Looking now." }, 201);
    clock.advance(6 * 60_000);
    const before = events.length;
    const breached = await t.services.routing.sweep();
    const again = await t.services.routing.sweep();
    clock.advance(-6 * 60_000);
    const mine = breached.filter((item) => [replied.caseId, silent.caseId].includes(item.caseId));
    expect(mine.map((item) => item.caseId)).toEqual([silent.caseId]);
    expect(mine[0]!.priorityFactors.sla).toBeGreaterThanOrEqual(25);
    expect(again.filter((item) => item.caseId === silent.caseId)).toEqual([]);
    expect(events.slice(before).filter((e) => e.name === "sla.breached" && e.payload.caseId === silent.caseId)).toHaveLength(1);
  });
});
