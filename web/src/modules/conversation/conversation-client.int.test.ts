import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket as NodeWebSocket } from "ws";
import {
  createTestContext,
  createWorkspace,
  type TestContext,
  type WorkspaceFixture,
} from "../../../../test/helpers";
import {
  createConversationClient,
  type ConversationClient,
  type ConversationView,
} from "./conversation-client";
import { createConversationStorage } from "./conversation-storage";
import type { PageContext } from "./protocol";

/**
 * The widget's conversation client against the real server: a listening app over a real
 * database, the `ws` package standing in for the browser's WebSocket (same API).
 */
let t: TestContext;
let ws: WorkspaceFixture;
let url: string;

beforeAll(async () => {
  t = await createTestContext();
  ws = await createWorkspace(t.services);
  // As the server does before it listens: the language model trains once, not on the first message.
  await t.services.agent.warmUp();
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const port = (t.app.server.address() as AddressInfo).port;
  url = `ws://127.0.0.1:${port}/api/v1/realtime/customer?workspace=${ws.slug}`;
});
afterAll(() => t?.close());

/** The Storage interface over a Map: what localStorage is to the browser, kept per "device". */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

function client(store: Storage, page: PageContext = {}): ConversationClient {
  return createConversationClient({
    url,
    storage: createConversationStorage(ws.slug, store),
    page: () => page,
    createSocket: (address) => new NodeWebSocket(address) as unknown as WebSocket,
  });
}

function until(c: ConversationClient, predicate: (view: ConversationView) => boolean, ms = 30_000) {
  return new Promise<ConversationView>((resolve, reject) => {
    if (predicate(c.view())) return resolve(c.view());
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out; last view ${JSON.stringify(c.view())}`));
    }, ms);
    const stop = c.subscribe((view) => {
      if (!predicate(view)) return;
      clearTimeout(timer);
      stop();
      resolve(view);
    });
  });
}

const replies = (view: ConversationView) => view.messages.filter((message) => message.author !== "customer");
const caseMessages = async (caseId: string) =>
  (await t.app.inject({ method: "GET", url: `/api/v1/cases/${caseId}/messages`, headers: ws.headers })).json()
    .messages as { body: string; direction: string; metadata: Record<string, unknown> }[];

describe("widget conversation client", () => {
  it("sends a message with the page context, is acknowledged after storing, and shows the AI's reply", async () => {
    const store = memoryStorage();
    const page = {
      url: "https://shop.example/p/rain",
      title: "Trail Rain Jacket",
      productId: "P-JKT-RAIN",
      sku: "JKT-RAIN-S-NAVY",
      cartId: "cart_abcdefgh1",
    };
    const c = client(store, page);
    c.start();
    await until(c, (view) => view.status === "online");
    c.send("What are your store hours?");
    const view = await until(c, (v) => v.messages[0]?.state === "sent" && replies(v).length > 0);
    expect(view.messages[0]).toMatchObject({
      author: "customer",
      text: "What are your store hours?",
      state: "sent",
    });
    expect(replies(view)[0]?.author).toBe("ai");
    expect(replies(view)[0]?.text.length).toBeGreaterThan(0);

    // The page context reached the case: read back through the REST API as staff would.
    const stored = JSON.parse(store.getItem(`throughline:conversation:${ws.slug}`) ?? "{}");
    const [conversation] = await t.database.query<{ case_id: string }>(
      "SELECT case_id FROM realtime_conversations WHERE id = $1",
      [stored.conversationId],
    );
    const caseId = conversation?.case_id;
    expect(caseId).toMatch(/^case_/);
    const inbound = (await caseMessages(caseId!)).find((message) => message.direction === "inbound");
    expect(inbound?.metadata.context).toEqual({ page });
    c.stop();
  });

  it("shows the history after a reload and resumes the same conversation without duplicates", async () => {
    const store = memoryStorage();
    const first = client(store);
    first.start();
    await until(first, (view) => view.status === "online");
    first.send("Do you have the trail runners in size 10?");
    const before = await until(
      first,
      (v) => replies(v).length > 0 && v.messages.every((m) => m.state === "sent"),
    );
    first.stop();
    const saved = JSON.parse(store.getItem(`throughline:conversation:${ws.slug}`) ?? "{}");
    expect(saved.resumeToken).toBeTruthy();
    expect(saved.lastSeq).toBeGreaterThanOrEqual(2);

    // 1. A reload: a new client over the same storage shows the history before it connects.
    const second = client(store);
    expect(second.view().messages.map((m) => m.text)).toEqual(before.messages.map((m) => m.text));
    // 2. It resumes from lastSeq and then talks in the same conversation.
    second.start();
    await until(second, (view) => view.status === "online");
    second.send("Thanks!");
    const after = await until(
      second,
      (v) => v.messages.length >= before.messages.length + 2 && v.messages.every((m) => m.state === "sent"),
    );
    const again = JSON.parse(store.getItem(`throughline:conversation:${ws.slug}`) ?? "{}");
    expect(again.conversationId).toBe(saved.conversationId);
    const seqs = after.messages.map((message) => message.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => (a ?? 0) - (b ?? 0)));
    second.stop();
  });

  it("queues messages typed while offline and delivers each once, in order, when back", async () => {
    const store = memoryStorage();
    const c = client(store);
    c.start();
    await until(c, (view) => view.status === "online");
    // 1. The network goes: the socket is closed at once and new messages wait in the outbox.
    c.networkChanged(false);
    expect(c.view().status).toBe("offline");
    c.send("first while offline");
    c.send("second while offline");
    expect(c.view().messages.map((m) => m.state)).toEqual(["queued", "queued"]);
    expect(JSON.parse(store.getItem(`throughline:conversation:${ws.slug}`) ?? "{}").outbox).toHaveLength(2);
    // 2. Back online: both are sent after the welcome and acknowledged.
    c.networkChanged(true);
    const view = await until(c, (v) =>
      v.messages.filter((m) => m.author === "customer").every((m) => m.state === "sent"),
    );
    const own = view.messages.filter((m) => m.author === "customer");
    expect(own.map((m) => m.text)).toEqual(["first while offline", "second while offline"]);
    expect(own[0]!.seq!).toBeLessThan(own[1]!.seq!);
    expect(JSON.parse(store.getItem(`throughline:conversation:${ws.slug}`) ?? "{}").outbox).toHaveLength(0);
    c.stop();
  });

  it("resending an unacknowledged message after a dropped connection stores it once", async () => {
    const store = memoryStorage();
    const c = client(store);
    c.start();
    await until(c, (view) => view.status === "online");
    c.send("where is my order?");
    await until(c, (v) => v.messages[0]?.state === "sent");
    const saved = JSON.parse(store.getItem(`throughline:conversation:${ws.slug}`) ?? "{}");
    c.stop();
    // A client that crashed between sending and the ack has the message in its outbox still.
    const pending = {
      clientId: saved.messages[0].clientId,
      text: "where is my order?",
      page: {},
      at: new Date().toISOString(),
    };
    store.setItem(
      `throughline:conversation:${ws.slug}`,
      JSON.stringify({
        ...saved,
        outbox: [pending],
        messages: [{ ...saved.messages[0], state: "queued", seq: undefined }],
      }),
    );
    const again = client(store);
    again.start();
    const view = await until(again, (v) => v.messages[0]?.state === "sent");
    expect(view.messages.filter((m) => m.author === "customer")).toHaveLength(1);
    const [stored] = await t.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM messages WHERE external_id = $1",
      [`${saved.conversationId}:${pending.clientId}`],
    );
    expect(stored?.n).toBe(1);
    again.stop();
  });
});
