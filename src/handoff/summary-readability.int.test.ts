import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, uniqueEmail, type TestContext } from "../../test/helpers";
import { unsupportedFacts } from "../agent";
import type { IdentityClaim } from "../customers";
import { ensureDemoWorkspace } from "../demo/demo-seed";
import { countWords } from "./lib/count-words";
import { handoffSummarySchema, type HandoffSummary } from "./handoff.types";

/**
 * Escalated demo cases of every kind — reasons, channels, moods — summarised the way an agent
 * reads them: each at most 90 words, every field present and cited, and every number, date and
 * order id in the text found in the case record.
 */
let t: TestContext;
let headers: { authorization: string };
let workspaceId: string;

type Sender = { kind: string; value: string }[];
type Step = { channel: string; text: string };
type Scenario = { name: string; sender: () => Promise<Sender>; steps: Step[] };

const post = async (url: string, payload: unknown) => {
  const response = await t.app.inject({ method: "POST", url: `/api/v1${url}`, headers, payload: payload as object });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
};
const get = async <T>(url: string): Promise<T> => {
  const response = await t.app.inject({ url: `/api/v1${url}`, headers });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json() as T;
};

let orderSeq = 0;
/** A shopper of the demo retailer with an order of their own; `verified` signs them in (a proven session). */
async function shopper(options: { verified?: boolean; status?: string; phone?: boolean } = {}): Promise<Sender & { order?: string }> {
  const email = uniqueEmail("demo");
  const session = `web-${randomBytes(5).toString("hex")}`;
  const number = `H-${1000 + ++orderSeq}`;
  const delivered = options.status === "delivered";
  await post("/imports/orders?strict=true", {
    records: [
      {
        number,
        status: options.status ?? "shipped",
        placedAt: "2026-01-05T15:00:00Z",
        ...(delivered ? { deliveredAt: "2026-01-09T18:00:00Z" } : { estimatedDeliveryAt: "2026-01-20T18:00:00Z" }),
        customer: { email },
        shippingAddress: { line1: "5 Spring Street", city: "New York", region: "NY", postalCode: "10012", country: "US" },
        lines: [{ id: "1", sku: "NW-TRAIL-10", title: "Trail Runner", unitPrice: 89, quantity: 1 }],
        totals: { total: 89 },
      },
    ],
  });
  const identities: IdentityClaim[] = [
    { kind: "email", value: email },
    { kind: "device", value: session },
    ...(options.phone ? [{ kind: "phone" as const, value: `+1 212 555 01${String(10 + orderSeq).slice(-2)}` }] : []),
  ];
  const customer = await t.services.customers.create(workspaceId, { displayName: `Shopper ${orderSeq}`, identities });
  const device = customer.identities.find((i) => i.kind === "device")!;
  if (options.verified) await t.services.customers.verifyIdentity(workspaceId, customer.id, device.id, "signed_token", "test");
  return Object.assign(identities, { order: number });
}

const maya: Sender = [
  { kind: "email", value: "maya.chen@example.com" },
  { kind: "device", value: "web-7f3a9c" },
];

let lastOrder = "";
const withOrder = async (options: Parameters<typeof shopper>[0]) => {
  const s = await shopper(options);
  lastOrder = s.order ?? "";
  return s;
};

const scenarios: Scenario[] = [
  { name: "asks for a person on chat", sender: () => shopper(), steps: [{ channel: "web_chat", text: "I want to speak to a real person" }] },
  { name: "asks for a person by phone", sender: () => shopper(), steps: [{ channel: "voice", text: "put me through to a representative please" }] },
  {
    name: "store question, then a person, on email",
    sender: () => shopper(),
    steps: [
      { channel: "email", text: "What time does the SoHo store close today?" },
      { channel: "email", text: "Thanks. Can I talk to a human about something else?" },
    ],
  },
  {
    name: "order status, then a person, on SMS",
    sender: () => withOrder({ verified: true }),
    steps: [
      { channel: "sms", text: "where is my order {order}?" },
      { channel: "sms", text: "agent" },
    ],
  },
  {
    name: "angry across chat, SMS and a call",
    sender: () => withOrder({ verified: true, phone: true }),
    steps: [
      { channel: "web_chat", text: "Where is order {order}? It should be here by now" },
      { channel: "sms", text: "this is ridiculous, my order is late again and nobody helps" },
      { channel: "voice", text: "this is terrible, worst service ever, I'm so angry" },
    ],
  },
  {
    name: "upset twice in the app",
    sender: () => shopper(),
    steps: [
      { channel: "mobile", text: "Your app is useless and your service is awful" },
      { channel: "mobile", text: "Honestly the worst shop I have ever used, I am furious" },
    ],
  },
  { name: "fraud", sender: () => shopper(), steps: [{ channel: "web_chat", text: "Someone used my card for an order I didn't make, this is fraud" }] },
  { name: "injury", sender: () => shopper(), steps: [{ channel: "email", text: "The heater I bought caught fire and I was injured" }] },
  { name: "legal threat", sender: () => shopper(), steps: [{ channel: "sms", text: "I will take you to court over this, my lawyer is ready" }] },
  { name: "payment problem", sender: () => shopper(), steps: [{ channel: "web_chat", text: "I was charged twice for my order, there's a problem with my payment" }] },
  {
    name: "order change the AI may not make",
    sender: () => withOrder({ verified: true, status: "processing" }),
    steps: [{ channel: "email", text: "I need to add another item to my order {order} before it ships" }],
  },
  { name: "complaint on a call", sender: () => shopper(), steps: [{ channel: "voice", text: "I want to make a formal complaint about the staff in your store" }] },
  {
    name: "not understood twice",
    sender: () => shopper(),
    steps: [
      { channel: "web_chat", text: "blorp fizzle wump" },
      { channel: "web_chat", text: "zorp quibble frazzle" },
    ],
  },
  {
    name: "the same need fails twice",
    sender: () => shopper({ verified: true }),
    steps: [
      { channel: "mobile", text: "where is order 7777?" },
      { channel: "mobile", text: "order 7778 then, where is it?" },
    ],
  },
  {
    name: "damaged delivery",
    sender: () => withOrder({ verified: true, status: "delivered" }),
    steps: [{ channel: "web_chat", text: "my order {order} arrived damaged, the box was smashed" }],
  },
  {
    name: "verification fails twice",
    sender: () => withOrder({}),
    steps: [
      { channel: "email", text: "where is my order {order}?" },
      { channel: "email", text: "order {order}, postcode 99999" },
      { channel: "email", text: "sorry, postcode 99998" },
    ],
  },
  {
    name: "verified by order and postcode on WhatsApp, then a person",
    sender: () => withOrder({}),
    steps: [
      { channel: "whatsapp", text: "order {order} postcode 10012, where is it?" },
      { channel: "whatsapp", text: "I'd like to talk to someone please" },
    ],
  },
  {
    name: "Maya, signed in, after checking an order",
    sender: async () => maya,
    steps: [
      { channel: "web_chat", text: "where is order 1002?" },
      { channel: "web_chat", text: "can I speak to a person about it" },
    ],
  },
  {
    name: "James by email about his delivered order",
    sender: async () => [{ kind: "email", value: "james.oconnor@example.co.uk" }],
    steps: [{ channel: "email", text: "I want to talk to someone about order 1004 please" }],
  },
  {
    name: "Priya angry by SMS",
    sender: async () => [{ kind: "phone", value: "+1 415 555 0188" }],
    steps: [
      { channel: "sms", text: "this is ridiculous, you never answer" },
      { channel: "sms", text: "terrible service, I'm so angry with you" },
    ],
  },
  {
    name: "Hannah's complaint",
    sender: async () => [{ kind: "email", value: "hannah.becker@example.com" }],
    steps: [{ channel: "web_chat", text: "I want to make a formal complaint about how I was treated" }],
  },
  {
    name: "Luis hurt by a product, in the app",
    sender: async () => [{ kind: "email", value: "luis.ortega@example.com" }, { kind: "device", value: "app-ios-3321" }],
    steps: [{ channel: "mobile", text: "the zip on the jacket cut my hand and I am bleeding" }],
  },
];

type Turn = { id: string; messageId: string; replyMessageId: string | null; tools: unknown[] };
type Stored = { id: string; version: number; trigger: string; summary: HandoffSummary };

const results: { name: string; caseId: string; summary: HandoffSummary; record: string; ids: Set<string> }[] = [];

beforeAll(async () => {
  t = await createTestContext();
  await t.services.agent.warmUp();
  const demo = await ensureDemoWorkspace(t.services, { slug: `summaries-${randomBytes(4).toString("hex")}` });
  headers = { authorization: `Bearer ${demo.credentials!.apiKey}` };
  workspaceId = demo.workspaceId;
  for (const scenario of scenarios) {
    const sender = await scenario.sender();
    let reply: { caseId: string; escalated: boolean; caseStatus: string } | undefined;
    for (const step of scenario.steps) {
      const text = step.text.replace("{order}", lastOrder);
      reply = await post("/channels/rest/messages", { channel: step.channel, sender, text });
      if (reply?.escalated) break;
    }
    if (reply?.caseStatus !== "escalated") throw new Error(`${scenario.name}: did not escalate`);
    const caseId = reply.caseId;
    const stored = await get<Stored>(`/cases/${caseId}/summary`);
    const theCase = await get<Record<string, unknown>>(`/cases/${caseId}`);
    const customer = await get<Record<string, unknown> & { id: string }>(`/customers/${theCase.customerId}`);
    const messages = await get<{ messages: { id: string }[] }>(`/cases/${caseId}/messages?limit=200`);
    const turns = await get<{ turns: Turn[] }>(`/cases/${caseId}/agent-turns?limit=200`);
    const ids = new Set<string>([caseId, customer.id, ...messages.messages.map((m) => m.id)]);
    for (const turn of turns.turns) {
      ids.add(turn.id);
      turn.tools.forEach((_, index) => ids.add(`${turn.id}:tool:${index}`));
    }
    results.push({
      name: scenario.name,
      caseId,
      summary: stored.summary,
      record: JSON.stringify({ theCase, customer, messages, turns }),
      ids,
    });
  }
}, 600_000);
afterAll(() => t?.close());

describe("handoff summaries of escalated demo cases", () => {
  it("covers at least 20 cases with different reasons, channels and moods", () => {
    expect(results.length).toBeGreaterThanOrEqual(20);
    const reasons = new Set(results.map((r) => r.summary.escalation.reason));
    const channels = new Set(results.flatMap((r) => r.summary.customer.channelPath.split(" → ")));
    const moods = new Set(results.map((r) => r.summary.emotion.now));
    expect(reasons.size, [...reasons].join(", ")).toBeGreaterThanOrEqual(8);
    expect(channels.size, [...channels].join(", ")).toBeGreaterThanOrEqual(5);
    expect(moods.size, [...moods].join(", ")).toBeGreaterThanOrEqual(3);
    expect(results.some((r) => r.summary.customer.channelPath === "chat → SMS → call")).toBe(true);
  });

  it("keeps every summary within 90 words with every required field", () => {
    for (const { name, summary } of results) {
      expect(() => handoffSummarySchema.parse(summary), name).not.toThrow();
      expect(countWords(summary.text), `${name}: ${summary.text}`).toBeLessThanOrEqual(90);
      expect(summary.wordCount).toBe(countWords(summary.text));
      for (const heading of ["Needs:", "Escalated:", "Mood:", "Next:"]) expect(summary.text, name).toContain(heading);
      expect(summary.need.text.length, name).toBeGreaterThan(0);
      expect(summary.nextStep.text.length, name).toBeGreaterThan(0);
    }
  });

  it("states no number, date or order id the case record does not hold", () => {
    for (const { name, summary, record } of results) {
      expect(unsupportedFacts(summary.text, record), `${name}: ${summary.text}`).toEqual([]);
      for (const fact of summary.verifiedFacts.filter((f) => ["order", "item", "date", "tracking", "status"].includes(f.kind))) {
        expect(record, `${name}: ${fact.value}`).toContain(fact.value);
      }
    }
  });

  it("cites, for every field, ids that exist in the case record", () => {
    for (const { name, summary, ids } of results) {
      const cited = [
        summary.customer.sources,
        summary.need.sources,
        summary.resolution.sources,
        summary.escalation.sources,
        summary.emotion.sources,
        summary.nextStep.sources,
        ...summary.verifiedFacts.map((f) => f.sources),
        ...summary.aiActions.map((a) => a.sources),
        ...summary.openQuestions.map((q) => q.sources),
      ];
      for (const sources of cited) {
        expect(sources.length, name).toBeGreaterThan(0);
        for (const id of sources) expect(ids.has(id), `${name}: ${id} is not in the record`).toBe(true);
      }
    }
  });

  it("prints the summaries for a person to read", () => {
    for (const { name, summary } of results) console.log(`--- ${name} (${summary.wordCount} words)\n${summary.text}`);
    expect(results.every((r) => r.summary.version >= 1)).toBe(true);
  });
});
