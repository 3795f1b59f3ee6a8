import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  createWorkspace,
  manualClock,
  TEST_CONFIG,
  TEST_LIMITS,
  uniqueEmail,
} from "../../../test/helpers";
import { buildApp } from "../../http/app";
import { createServices, type Services } from "../../services";
import type { FastifyInstance } from "fastify";
import type { Database } from "../../db/client";
import { seedRetail } from "../test-support/retail-fixture";

// The language-model engine against a real local HTTP server started by this test, speaking the
// OpenAI chat-completions protocol with streamed (SSE) responses and streamed tool calls.
type Mode =
  | "tool-then-text"
  | "invented"
  | "slow"
  | "error"
  | "leaky-text"
  | "summary"
  | "summary-invented"
  | "summary-customer-claim";
let mode: Mode = "tool-then-text";
const requests: { body: Record<string, unknown> }[] = [];

function chunk(delta: Record<string, unknown>, finish: string | null = null): string {
  return `data: ${JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: "test-model",
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;
}

function streamText(res: http.ServerResponse, text: string): void {
  res.write(chunk({ role: "assistant", content: "" }));
  for (const piece of text.match(/.{1,12}/g) ?? []) res.write(chunk({ content: piece }));
  res.write(chunk({}, "stop"));
  res.end("data: [DONE]\n\n");
}

const server = http.createServer((req, res) => {
  let raw = "";
  req.on("data", (c: Buffer) => (raw += c.toString()));
  req.on("end", () => {
    const body = JSON.parse(raw) as { messages: { role: string }[] };
    requests.push({ body });
    if (req.url !== "/v1/chat/completions") return void res.writeHead(404).end();
    if (mode === "error")
      return void res
        .writeHead(500, { "content-type": "application/json" })
        .end('{"error":{"message":"boom"}}');
    if (mode === "slow") return; // never answers: the agent must give up on its own
    if ((body as { stream?: boolean }).stream !== true) {
      // A plain (non-streamed) completion: what wording a handoff summary asks for.
      const prompt = String((body.messages.at(-1) as { content?: unknown } | undefined)?.content ?? "");
      const draft = prompt.replace(/^SUMMARY:\n/, "");
      const content =
        mode === "summary-invented"
          ? `${draft} A refund of $499 was promised on order 9999.`
          : mode === "summary-customer-claim"
            ? `${draft} A refund of $480 was approved.`
            : `Handoff: ${draft}`;
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(
        JSON.stringify({
          id: "chatcmpl-2",
          object: "chat.completion",
          created: 1_700_000_000,
          model: "test-model",
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
    }
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    if (mode === "invented") return streamText(res, "Order 1002 will arrive on 30 March, guaranteed.");
    if (mode === "leaky-text")
      return streamText(res, "Sure! Order 1002 is on its way with UPS, tracking 1Z999.");
    const hasToolResult = body.messages.some((m) => m.role === "tool");
    if (!hasToolResult) {
      res.write(
        chunk({
          role: "assistant",
          content: null,
          tool_calls: [
            { index: 0, id: "call_1", type: "function", function: { name: "order_status", arguments: "" } },
          ],
        }),
      );
      res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"orderNum' } }] }));
      res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: 'ber":"1002"}' } }] }));
      res.write(chunk({}, "tool_calls"));
      return void res.end("data: [DONE]\n\n");
    }
    streamText(res, "Good news: order 1002 is on its way with UPS (tracking 1Z999).");
  });
});

let database: Database;
let services: Services;
let app: FastifyInstance;
let headers: { authorization: string };
let maya: string;
let workspaceId: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  database = await createTestDatabase();
  services = createServices({
    database,
    clock: manualClock("2026-01-15T17:00:00Z"),
    config: {
      ...TEST_CONFIG,
      LLM_PROVIDER: "openai-compatible",
      LLM_BASE_URL: `http://127.0.0.1:${port}/v1`,
      LLM_MODEL: "test-model",
      LLM_TIMEOUT_MS: 1_000,
    },
  });
  app = await buildApp({ services, logger: false, limits: TEST_LIMITS });
  await app.ready();
  await services.agent.warmUp();
  const ws = await createWorkspace(services);
  headers = ws.headers;
  workspaceId = ws.workspaceId;
  maya = uniqueEmail("maya");
  await seedRetail(services, ws.workspaceId, { maya, jane: uniqueEmail("jane") });
  // Maya writes from a session her sign-in verified: a typed email alone would verify nothing.
  const customer = await services.customers.create(ws.workspaceId, {
    identities: [{ kind: "email", value: maya }, MAYA_SESSION],
  });
  const session = customer.identities.find((identity) => identity.kind === "device");
  await services.customers.verifyIdentity(
    ws.workspaceId,
    customer.id,
    session?.id ?? "",
    "signed_token",
    "test",
  );
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  requests.length = 0;
});

const MAYA_SESSION = { kind: "device" as const, value: "maya-signed-in-session" };

async function send(text: string) {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/channels/rest/messages",
    headers,
    payload: { sender: [{ kind: "email", value: maya }, MAYA_SESSION], text },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { caseId: string; engine: string; replies: { text: string }[]; decision: string };
}

describe("language-model engine", () => {
  it("words the reply with the model, which calls a read-only tool through a streamed tool call", async () => {
    mode = "tool-then-text";
    const r = await send(`where is order 1002? my email is ${maya}`);
    expect(r.engine).toBe("llm");
    expect(r.replies[0]?.text).toBe("Good news: order 1002 is on its way with UPS (tracking 1Z999).");
    expect(requests.length).toBe(2);
    const first = requests[0]?.body as {
      tools: { function: { name: string } }[];
      messages: { content: string }[];
      stream: boolean;
    };
    expect(first.stream).toBe(true);
    const offered = first.tools.map((x) => x.function.name);
    expect(offered).toContain("order_status");
    // The model never holds a tool that acts: actions go through the confirmation turn.
    expect(offered).not.toContain("order_cancel");
    expect(offered).not.toContain("returns_create");
    // Personal data it does not need is redacted.
    expect(JSON.stringify(first.messages)).not.toContain(maya);
    const turns = await services.agent.turns(workspaceId, r.caseId);
    const last = turns.at(-1);
    expect(last?.engine).toBe("llm");
    expect(last?.tools.filter((x) => x.name === "order.status")).toHaveLength(2);
  });

  it("redacts the workspace region's local phone numbers and street addresses before the model sees them", async () => {
    mode = "tool-then-text";
    await services.workspaces.updateSettings(workspaceId, { defaultRegion: "GB" });
    try {
      await send("where is order 1002? call me on 07911 123456, I'm at 221b Baker St");
      const sent = JSON.stringify((requests[0]?.body as { messages: unknown[] }).messages);
      expect(sent).toContain("order 1002");
      expect(sent).toContain("[phone]");
      expect(sent).not.toContain("07911");
      expect(sent).not.toContain("Baker");
    } finally {
      await services.workspaces.updateSettings(workspaceId, { defaultRegion: "US" });
    }
  });

  it("falls back to the built-in reply when the model states a fact no tool returned", async () => {
    mode = "invented";
    const r = await send("where is order 1002?");
    expect(r.engine).toBe("builtin");
    expect(r.replies[0]?.text).toMatch(/Order 1002 is on its way with UPS/);
    const last = (await services.agent.turns(workspaceId, r.caseId)).at(-1);
    expect(last?.notes.llm?.fallbackReason).toMatch(/unsupported facts: 30/);
  });

  it("falls back within a bounded time when the model does not answer", async () => {
    mode = "slow";
    const started = Date.now();
    const r = await send("where is order 1002?");
    expect(r.engine).toBe("builtin");
    expect(Date.now() - started).toBeLessThan(3_000);
    const last = (await services.agent.turns(workspaceId, r.caseId)).at(-1);
    expect(last?.notes.llm?.fallbackReason).toMatch(/timeout/);
  });

  it("falls back when the model endpoint fails", async () => {
    mode = "error";
    const r = await send("where is order 1002?");
    expect(r.engine).toBe("builtin");
    expect(r.replies[0]?.text).toMatch(/1002/);
  });

  it("gives the model no tool that reads personal data while the customer is unverified", async () => {
    mode = "leaky-text";
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/channels/rest/messages",
      headers,
      payload: { sender: [{ kind: "email", value: uniqueEmail("stranger") }], text: "hello there" },
    });
    expect(response.statusCode).toBe(201);
    const offered = ((requests[0]?.body.tools ?? []) as { function: { name: string } }[]).map(
      (x) => x.function.name,
    );
    expect(offered).toContain("stores_hours");
    for (const name of [
      "order_lookup",
      "order_status",
      "delivery_window",
      "returns_eligibility",
      "order_cancel",
    ]) {
      expect(offered).not.toContain(name);
    }
    // The model's reply named an order number no tool returned in this turn, so it was not sent.
    expect((response.json() as { engine: string }).engine).toBe("builtin");
  });

  it("keeps confirmations with the built-in engine: the model is not asked to word them", async () => {
    mode = "leaky-text";
    const r = await send("please cancel order 1001");
    expect(r.decision).toBe("confirm");
    expect(r.engine).toBe("builtin");
    expect(requests).toHaveLength(0);
  });

  describe("handoff summary wording", () => {
    type Stored = { summary: { text: string; wordedBy: string; wordCount: number } };
    // A new customer each time: an escalated case is not escalated again.
    async function escalate(before: string[] = []): Promise<{ caseId: string; decision: string }> {
      const sender = [{ kind: "email", value: uniqueEmail("caller") }];
      let response;
      for (const text of [...before, "I want to talk to a real person please"]) {
        response = await app.inject({
          method: "POST",
          url: "/api/v1/channels/rest/messages",
          headers,
          payload: { sender, text },
        });
        expect(response.statusCode, response.body).toBe(201);
      }
      return response?.json() as { caseId: string; decision: string };
    }
    async function escalatedSummary(
      before?: string[],
    ): Promise<{ stored: Stored; draft: string | undefined }> {
      const r = await escalate(before);
      expect(r.decision).toBe("escalate");
      const response = await app.inject({ url: `/api/v1/cases/${r.caseId}/summary`, headers });
      expect(response.statusCode, response.body).toBe(200);
      const asked = requests.find((x) => (x.body as { stream?: boolean }).stream !== true);
      const prompt = (asked?.body.messages as { content: string }[] | undefined)?.at(-1)?.content;
      return { stored: response.json() as Stored, draft: prompt?.replace(/^SUMMARY:\n/, "") };
    }

    it("uses the model's wording when every fact in it is in the case record", async () => {
      mode = "summary";
      const { stored, draft } = await escalatedSummary();
      expect(draft).toBeDefined();
      expect(stored.summary.wordedBy).toBe("llm");
      expect(stored.summary.text).toBe(`Handoff: ${draft}`);
      expect(stored.summary.wordCount).toBeLessThanOrEqual(90);
      // The customer's contact details never leave for the model.
      expect(JSON.stringify(requests.map((x) => x.body))).not.toMatch(/caller[^"]*@/);
    });

    it("keeps the built-in wording when the model adds a fact the case does not hold", async () => {
      mode = "summary-invented";
      const { stored, draft } = await escalatedSummary();
      expect(draft).toBeDefined();
      expect(stored.summary.wordedBy).toBe("builtin");
      expect(stored.summary.text).not.toMatch(/9999|499/);
    });

    it("does not let the model turn a number the customer typed into a fact", async () => {
      mode = "summary-customer-claim";
      const { stored, draft } = await escalatedSummary([
        "my parcel is late, where is it?",
        "also your colleague said on the phone I would get $480 back, thanks",
      ]);
      expect(draft).toBeDefined();
      expect(draft).not.toContain("480");
      expect(stored.summary.wordedBy).toBe("builtin");
      expect(stored.summary.text).not.toContain("approved");
    });

    it("keeps the built-in wording, in bounded time, when the model does not answer", async () => {
      mode = "slow";
      const started = Date.now();
      const r = await escalate();
      const response = await app.inject({ url: `/api/v1/cases/${r.caseId}/summary`, headers });
      expect((response.json() as Stored).summary.wordedBy).toBe("builtin");
      expect(Date.now() - started).toBeLessThan(4_000);
    });
  });
});
