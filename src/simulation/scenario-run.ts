import type { FastifyInstance } from "fastify";
import { checkExpectation } from "./lib/check-expectation";
import type { EndState, OrderExpectation, Scenario } from "./scenario.types";

export type TurnRecord = { say: string; reply: string; intent: string; decision: string; verified: boolean; escalated: boolean };

export type RunResult = {
  passed: boolean;
  /** Each problem names where it was seen: `turn 2: missing "cancelled"`, `end: order 1001 status …`. */
  failures: string[];
  transcript: TurnRecord[];
  ms: number;
};

type OrderSnapshot = {
  status: string;
  shippingAddress?: { line1?: string; city?: string; region?: string; postalCode?: string };
  lines: { sku: string; returnedQuantity: number }[];
  refunds: unknown[];
};

type RestReply = {
  caseId: string;
  customerId: string;
  replies: { text: string }[];
  understanding: { intent: string };
  decision: string;
  escalated: boolean;
  verified: boolean;
};

function senderOf(scenario: Scenario): { kind: string; value: string; level?: string }[] {
  const session = scenario.sender.session === undefined ? `session-${scenario.id}` : scenario.sender.session;
  return [{ kind: "email", value: scenario.sender.email }, ...(session ? [{ kind: "device", value: session, level: "anonymous" }] : [])];
}

/** The REST calls a run makes, all through the app's real routes with the workspace's API key. */
function restClient(app: FastifyInstance, apiKey: string) {
  const headers = { authorization: `Bearer ${apiKey}` };
  const get = async <T>(url: string): Promise<T | null> => {
    const response = await app.inject({ method: "GET", url, headers });
    if (response.statusCode === 404) return null;
    if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}: ${response.body}`);
    return response.json() as T;
  };
  return {
    async send(scenario: Scenario, text: string, index: number): Promise<RestReply> {
      const response = await app.inject({
        method: "POST",
        url: "/api/v1/channels/rest/messages",
        headers,
        payload: {
          channel: scenario.channel,
          sender: senderOf(scenario),
          text,
          externalId: `${scenario.id}-${index}`,
        },
      });
      if (response.statusCode !== 201) throw new Error(`turn ${index + 1} answered ${response.statusCode}: ${response.body}`);
      return response.json() as RestReply;
    },
    async order(number: string): Promise<OrderSnapshot | null> {
      const body = await get<{ orders: OrderSnapshot[] }>(`/api/v1/orders/${encodeURIComponent(number)}`);
      return body?.orders[0] ?? null;
    },
    async caseStatus(caseId: string): Promise<string | null> {
      return (await get<{ status: string }>(`/api/v1/cases/${encodeURIComponent(caseId)}`))?.status ?? null;
    },
    async eventKinds(customerId: string): Promise<string[]> {
      const kinds: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : "?limit=100";
        const page = await get<{ events: { kind: string }[]; nextCursor: string | null }>(`/api/v1/customers/${customerId}/timeline${query}`);
        kinds.push(...(page?.events ?? []).map((event) => event.kind));
        cursor = page?.nextCursor ?? null;
      } while (cursor);
      return kinds;
    },
  };
}

type RestClient = ReturnType<typeof restClient>;

const same = (a: string | undefined, b: string | undefined) => (a ?? "").trim().toLowerCase() === (b ?? "").trim().toLowerCase();

function orderProblems(number: string, expected: OrderExpectation, before: OrderSnapshot | null, after: OrderSnapshot | null): string[] {
  if (!after) return [`order ${number} not found`];
  const problems: string[] = [];
  if (expected.unchanged && before) {
    if (after.status !== before.status) problems.push(`order ${number} status changed from ${before.status} to ${after.status}`);
    if (JSON.stringify(after.shippingAddress) !== JSON.stringify(before.shippingAddress)) problems.push(`order ${number} address changed`);
    if (JSON.stringify(after.lines.map((l) => l.returnedQuantity)) !== JSON.stringify(before.lines.map((l) => l.returnedQuantity))) {
      problems.push(`order ${number} has new returns`);
    }
    if (after.refunds.length !== before.refunds.length) problems.push(`order ${number} has new refunds`);
  }
  if (expected.status && after.status !== expected.status) problems.push(`order ${number} status is ${after.status}, expected ${expected.status}`);
  for (const [sku, quantity] of Object.entries(expected.returned ?? {})) {
    const got = after.lines.filter((line) => line.sku === sku).reduce((sum, line) => sum + line.returnedQuantity, 0);
    if (got !== quantity) problems.push(`order ${number} returned ${got} of ${sku}, expected ${quantity}`);
  }
  for (const [field, value] of Object.entries(expected.address ?? {})) {
    const got = after.shippingAddress?.[field as keyof NonNullable<OrderSnapshot["shippingAddress"]>];
    if (!same(got, value)) problems.push(`order ${number} address ${field} is ${JSON.stringify(got ?? null)}, expected ${JSON.stringify(value)}`);
  }
  return problems;
}

async function endStateProblems(
  client: RestClient,
  end: EndState,
  before: Map<string, OrderSnapshot | null>,
  last: RestReply | undefined,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [number, expected] of Object.entries(end.orders)) {
    problems.push(...orderProblems(number, expected, before.get(number) ?? null, await client.order(number)));
  }
  if (end.caseStatus && last) {
    const status = await client.caseStatus(last.caseId);
    if (status !== end.caseStatus) problems.push(`case status is ${status}, expected ${end.caseStatus}`);
  }
  if ((end.events.length || end.noEvents.length) && last) {
    const kinds = new Set(await client.eventKinds(last.customerId));
    for (const kind of end.events) if (!kinds.has(kind)) problems.push(`no ${kind} event recorded`);
    for (const kind of end.noEvents) if (kinds.has(kind)) problems.push(`a ${kind} event was recorded`);
  }
  return problems.map((problem) => `end: ${problem}`);
}

/** Plays one scenario once against an app whose database holds the seeded workspace. */
export async function runScenario(app: FastifyInstance, apiKey: string, scenario: Scenario): Promise<RunResult> {
  const started = performance.now();
  const client = restClient(app, apiKey);
  const end = scenario.end;
  const before = new Map<string, OrderSnapshot | null>();
  for (const number of Object.keys(end?.orders ?? {})) before.set(number, await client.order(number));

  const failures: string[] = [];
  const transcript: TurnRecord[] = [];
  let last: RestReply | undefined;
  for (const [index, turn] of scenario.turns.entries()) {
    last = await client.send(scenario, turn.say, index);
    const record: TurnRecord = {
      say: turn.say,
      reply: last.replies.map((r) => r.text).join("\n"),
      intent: last.understanding.intent,
      decision: last.decision,
      verified: last.verified,
      escalated: last.escalated,
    };
    transcript.push(record);
    if (turn.expect) failures.push(...checkExpectation(turn.expect, { text: record.reply, verified: record.verified, escalated: record.escalated }).map((p) => `turn ${index + 1}: ${p}`));
  }
  if (scenario.expect) {
    const all = transcript.map((t) => t.reply).join("\n");
    const escalated = transcript.some((t) => t.escalated);
    const verified = transcript.at(-1)?.verified ?? false;
    failures.push(...checkExpectation(scenario.expect, { text: all, verified, escalated }).map((p) => `overall: ${p}`));
  }
  if (end) failures.push(...(await endStateProblems(client, end, before, last)));
  return { passed: failures.length === 0, failures, transcript, ms: performance.now() - started };
}
