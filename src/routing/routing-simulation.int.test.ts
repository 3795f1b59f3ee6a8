import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../core/clock";
import type { DomainEvent } from "../core/events";
import { createTestContext, createWorkspace, type TestContext, type WorkspaceFixture } from "../../test/helpers";
import type { WorkChannel } from "./routing.types";

/**
 * A seeded day of routing through the real service and database: 1,000 escalated cases arrive
 * for 20 agents with different skills, languages and capacities, who finish work after a random
 * handling time and sometimes go offline. After every event: no item waits while an online agent
 * with its skill, language and a free slot on its channel exists. At every assignment: the agent
 * chosen had the fewest open items on that channel among the eligible agents with a free slot,
 * so their open items never differ by more than one from the least loaded. At the end the
 * counters equal the items actually held.
 */
const SEED = Number(process.env.ROUTING_SIM_SEED ?? 20260114);
const ARRIVALS = 1_000;
const AGENTS = 20;

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const clock = manualClock("2026-01-14T14:00:00Z");
let t: TestContext;
let ws: WorkspaceFixture;

const SKILLS = ["returns", "delivery", "product", "billing"] as const;
const INTENT_OF: Record<string, string> = {
  returns: "return_request",
  delivery: "order_status",
  product: "product_info",
  billing: "payment_issue",
};
const CHANNELS: { name: string; work: WorkChannel }[] = [
  { name: "web_chat", work: "chat" },
  { name: "web_chat", work: "chat" },
  { name: "email", work: "email" },
  { name: "sms", work: "sms" },
  { name: "voice", work: "voice" },
];

type AgentModel = {
  userId: string;
  skills: string[];
  languages: string[];
  capacity: Record<WorkChannel, number>;
  open: Record<WorkChannel, number>;
  online: boolean;
};
const agents: AgentModel[] = [];
const items = new Map<string, { caseId: string; channel: WorkChannel; skill: string; language: string; assignee: string | null }>();
const violations: string[] = [];
let assignments = 0;
let worstSpread = 0;

const eligible = (agent: AgentModel, item: { skill: string; language: string; channel: WorkChannel }) =>
  agent.online && agent.skills.includes(item.skill) && agent.languages.includes(item.language) && agent.capacity[item.channel] > 0;

type SimEvent = { at: number; kind: "arrival" | "finish" | "offline" | "online"; ref: number | string };
const schedule: SimEvent[] = [];

/** The model follows the service through its events: queued, assigned, and re-queued from an agent going offline. */
function onEvent(event: DomainEvent) {
  if (event.workspaceId !== ws?.workspaceId) return;
  const itemId = event.payload.itemId as string;
  if (event.name === "case.queued") {
    const requeuedFrom = event.payload.requeuedFrom as string | undefined;
    const item = items.get(itemId);
    if (requeuedFrom && item) {
      agents.find((a) => a.userId === requeuedFrom)!.open[item.channel]--;
      item.assignee = null;
    } else if (!requeuedFrom) {
      items.set(itemId, {
        caseId: event.payload.caseId as string,
        channel: event.payload.channel as WorkChannel,
        skill: event.payload.skill as string,
        language: event.payload.language as string,
        assignee: null,
      });
    }
  }
  if (event.name === "case.assigned") {
    const item = items.get(itemId);
    const agent = agents.find((a) => a.userId === event.payload.assigneeId);
    if (!item || !agent) {
      violations.push(`${itemId} assigned but unknown to the model`);
      return;
    }
    const free = agents.filter((a) => eligible(a, item) && a.open[item.channel] < a.capacity[item.channel]);
    const least = Math.min(...free.map((a) => a.open[item.channel]));
    const spread = agent.open[item.channel] - least;
    worstSpread = Math.max(worstSpread, spread);
    if (!free.includes(agent)) violations.push(`${itemId} went to an agent without a free eligible slot`);
    else if (spread > 0) violations.push(`${itemId} went to an agent with ${spread} more open items than the least loaded`);
    agent.open[item.channel]++;
    item.assignee = agent.userId;
    assignments++;
    schedule.push({ at: event.occurredAt.getTime() + 60_000 * (2 + Math.floor(random() * 25)), kind: "finish", ref: item.caseId });
  }
}

/** Items waiting while some online agent could take them, read from the database itself. */
async function waitingWithFreeAgent(): Promise<number> {
  const [row] = await t.database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM routing_items i
     WHERE i.workspace_id = $1 AND i.status = 'queued' AND EXISTS (
       SELECT 1 FROM routing_agents a JOIN routing_agent_load l
         ON l.workspace_id = a.workspace_id AND l.user_id = a.user_id AND l.channel = i.channel
       WHERE a.workspace_id = i.workspace_id AND a.presence = 'online'
         AND i.skill = ANY(a.skills) AND i.language = ANY(a.languages) AND l.open < l.capacity)`,
    [ws.workspaceId],
  );
  return Number(row?.n ?? 0);
}

beforeAll(async () => {
  t = await createTestContext({ clock });
  ws = await createWorkspace(t.services);
  t.services.events.on("*", onEvent);
  const routing = t.services.routing;
  for (const skill of SKILLS) await routing.queues.create(ws.workspaceId, { name: skill, skills: [skill], timezone: "UTC", slaSeconds: 600 });
  await routing.queues.create(ws.workspaceId, { name: "General", skills: ["general"], timezone: "UTC", isDefault: true });
  for (let i = 0; i < AGENTS; i++) {
    const user = await t.services.auth.createUser(ws.workspaceId, {
      email: `sim.agent.${i}.${randomBytes(3).toString("hex")}@staff.example`,
      name: `Agent ${i}`,
      role: "agent",
      password: randomBytes(12).toString("base64url"),
    });
    // Every skill and Spanish are covered by someone; beyond that, a random mix.
    const skills = [...new Set([SKILLS[i % SKILLS.length]!, ...SKILLS.filter(() => random() < 0.3), ...(random() < 0.5 ? ["general"] : [])])];
    if (i < 2) skills.push("general");
    const languages = i % 5 === 0 ? ["en", "es"] : ["en"];
    const capacity = { chat: 1 + Math.floor(random() * 4), email: 2 + Math.floor(random() * 5), sms: 1 + Math.floor(random() * 3), voice: random() < 0.6 ? 1 : 0 };
    await routing.configureAgent(ws.workspaceId, user.id, { skills, languages, capacity });
    agents.push({ userId: user.id, skills, languages, capacity, open: { chat: 0, email: 0, sms: 0, voice: 0 }, online: false });
  }
  for (const agent of agents) {
    agent.online = true;
    await routing.setPresence(ws.workspaceId, agent.userId, "online");
  }
}, 300_000);
afterAll(() => t?.close());

describe("routing simulation", () => {
  it(`routes ${ARRIVALS} arrivals to ${AGENTS} agents without idle capacity beside waiting work, least loaded first`, async () => {
    const routing = t.services.routing;
    const start = clock.now().getTime();
    const queue = schedule;
    let at = start;
    for (let i = 0; i < ARRIVALS; i++) {
      at += Math.round(-Math.log(1 - random()) * 9_000); // about 400 arrivals an hour
      queue.push({ at, kind: "arrival", ref: i });
    }
    for (let k = 0; k < 12; k++) {
      const when = start + Math.floor(random() * (at - start));
      const who = pick(agents).userId;
      queue.push({ at: when, kind: "offline", ref: who }, { at: when + 15 * 60_000, kind: "online", ref: who });
    }
    const customers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.services.customers.create(ws.workspaceId, {
          displayName: `Shopper ${i}`,
          tier: pick(["standard", "standard", "silver", "gold", "platinum"]),
          locale: i % 8 === 0 ? "es-MX" : "en-US",
          identities: [{ kind: "email", value: `sim.${i}.${randomBytes(3).toString("hex")}@example.com` }],
        }),
      ),
    );
    let checked = 0;
    let waitingPeak = 0;
    while (queue.length) {
      queue.sort((a, b) => a.at - b.at);
      const event = queue.shift()!;
      clock.set(new Date(event.at));
      if (event.kind === "arrival") {
        const customer = customers[Number(event.ref) % customers.length]!;
        const skill = pick(SKILLS);
        const channel = pick(CHANNELS);
        const ingested = await t.services.ingest.ingest({
          workspaceId: ws.workspaceId,
          channel: channel.name,
          identities: [{ kind: "email", value: customer.identities[0]!.value }],
          text: "I need help",
          orderRef: `SIM-${event.ref}`,
          intent: INTENT_OF[skill],
        });
        await routing.enqueue({ workspaceId: ws.workspaceId, caseId: ingested.case.id, sentiment: -random() });
      } else if (event.kind === "finish") {
        const { item } = await routing.caseRouting(ws.workspaceId, String(event.ref));
        // A finish for an item that went back to the queue is dropped: its next assignment schedules another.
        if (item?.status === "assigned" && item.assigneeId && items.get(item.id)?.assignee === item.assigneeId) {
          agents.find((a) => a.userId === item.assigneeId)!.open[item.channel]--;
          items.get(item.id)!.assignee = null;
          await routing.closeFor(ws.workspaceId, item.caseId, "resolved");
        }
      } else {
        const agent = agents.find((a) => a.userId === event.ref)!;
        agent.online = event.kind === "online";
        await routing.setPresence(ws.workspaceId, agent.userId, event.kind);
      }
      const stuck = await waitingWithFreeAgent();
      if (stuck) violations.push(`${stuck} item(s) waiting beside a free eligible agent after ${event.kind}`);
      const [row] = await t.database.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM routing_items WHERE workspace_id = $1 AND status = 'queued'",
        [ws.workspaceId],
      );
      waitingPeak = Math.max(waitingPeak, Number(row?.n ?? 0));
      checked++;
    }
    const counters = await t.database.query<{ user_id: string; channel: string; open: number; held: number }>(
      `SELECT l.user_id, l.channel, l.open,
         (SELECT count(*)::int FROM routing_items i WHERE i.workspace_id = l.workspace_id AND i.assignee_id = l.user_id
            AND i.channel = l.channel AND i.status = 'assigned') AS held
       FROM routing_agent_load l WHERE l.workspace_id = $1`,
      [ws.workspaceId],
    );
    console.log(
      `routing simulation (seed ${SEED}): ${ARRIVALS} arrivals, ${assignments} assignments, ${checked} events checked, ` +
        `peak ${waitingPeak} waiting, worst spread ${worstSpread}, ${violations.length} violations`,
    );
    expect(violations.slice(0, 10)).toEqual([]);
    expect(assignments).toBeGreaterThanOrEqual(ARRIVALS);
    expect(waitingPeak, "the load must make items wait at times, or the test proves little").toBeGreaterThan(0);
    expect(counters.filter((c) => Number(c.open) !== Number(c.held))).toEqual([]);
  }, 1_200_000);
});
