/**
 * Forced disconnects mid-conversation: --conversations shoppers each chat while their connection
 * is cut --cuts times in total (alternately the client drops the network right after sending, and
 * the server terminates the socket after the ack), then resume with their last sequence number and
 * resend what was not acknowledged. Counts events lost (a gap in 1..n) and delivered twice, and
 * the time from reconnecting to holding every event the server had at that moment (resync), p95.
 *
 *   npx tsx bench/realtime-reconnect.ts [--conversations 10] [--cuts 100] [--engine pglite|postgres]
 */
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { arg, stats } from "./lib";
import { forkRealtimeServer } from "./realtime-lib";

const conversations = Number(arg("conversations", "10"));
const cuts = Number(arg("cuts", "100"));
const engine = (arg("engine", "pglite") ?? "pglite") as "pglite" | "postgres";

type Frame = { type: string; clientId?: string; seq?: number; kind?: string; resumeToken?: string; conversationId?: string };

class Shopper {
  socket!: WebSocket;
  token: string | undefined;
  lastSeq = 0;
  seen = new Set<number>();
  duplicates = 0;
  private listeners: ((frame: Frame) => void)[] = [];

  constructor(private readonly url: string) {}

  /** Connects, resumes, and resolves with the resync time once every event up to welcome.seq is held. */
  async connect(): Promise<number> {
    const t = performance.now();
    this.socket = new WebSocket(this.url);
    this.socket.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.type === "event" && typeof frame.seq === "number") {
        if (this.seen.has(frame.seq)) this.duplicates++;
        this.seen.add(frame.seq);
        this.lastSeq = Math.max(this.lastSeq, frame.seq);
      }
      for (const listener of [...this.listeners]) listener(frame);
    });
    this.socket.on("error", () => undefined);
    await new Promise((resolve) => this.socket.once("open", resolve));
    const welcome = this.wait((f) => f.type === "welcome");
    this.socket.send(JSON.stringify({ type: "hello", resumeToken: this.token, lastSeq: this.token ? this.lastSeq : undefined }));
    const w = await welcome;
    this.token = w.resumeToken;
    const target = Number(w.seq);
    if (this.lastSeq < target) await this.wait(() => this.lastSeq >= target);
    return performance.now() - t;
  }

  wait(match: (frame: Frame) => boolean): Promise<Frame> {
    return new Promise((resolve) => {
      const listener = (frame: Frame) => {
        if (!match(frame)) return;
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(frame);
      };
      this.listeners.push(listener);
    });
  }

  send(clientId: string, text: string) {
    this.socket.send(JSON.stringify({ type: "message", clientId, text }));
  }

  closed(): Promise<void> {
    return this.socket.readyState === WebSocket.CLOSED
      ? Promise.resolve()
      : new Promise((resolve) => this.socket.once("close", () => resolve()));
  }
}

const server = await forkRealtimeServer(engine, arg("pg-admin-url"));
try {
  const shoppers = Array.from({ length: conversations }, () => new Shopper(server.url));
  await Promise.all(shoppers.map((s) => s.connect()));
  const resync: number[] = [];
  const rounds = Math.ceil(cuts / conversations);
  const texts = ["where is my order?", "is the Soho store open now?", "what is your return policy?"];
  for (let round = 0; round < rounds; round++) {
    const clientIds = shoppers.map(() => randomUUID());
    const text = texts[round % texts.length] as string;
    if (round % 2 === 0) {
      // 1. Each client's network drops right after sending: it never sees the ack.
      for (const [i, shopper] of shoppers.entries()) {
        shopper.send(clientIds[i] as string, text);
        shopper.socket.terminate();
      }
    } else {
      // 2. The server cuts every socket once the messages are acknowledged, replies possibly in flight.
      await Promise.all(
        shoppers.map((shopper, i) => {
          const acked = shopper.wait((f) => f.type === "ack" && f.clientId === clientIds[i]);
          shopper.send(clientIds[i] as string, text);
          return acked;
        }),
      );
      await server.drop();
    }
    await Promise.all(shoppers.map((s) => s.closed()));
    // 3. Everyone resumes from their last sequence and resends what may not have been stored.
    await Promise.all(
      shoppers.map(async (shopper, i) => {
        resync.push(await shopper.connect());
        const again = shopper.wait((f) => f.type === "ack" && f.clientId === clientIds[i]);
        shopper.send(clientIds[i] as string, text);
        await again;
      }),
    );
  }
  // Let the last replies be produced, then a final resume: the client must hold all the server has.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  let lost = 0;
  let duplicates = 0;
  for (const shopper of shoppers) {
    shopper.socket.terminate();
    await shopper.closed();
    await shopper.connect();
    for (let seq = 1; seq <= shopper.lastSeq; seq++) if (!shopper.seen.has(seq)) lost++;
    duplicates += shopper.duplicates;
    shopper.socket.terminate();
  }
  const r = stats(resync, 1);
  const sorted = [...resync].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? 0;
  const events = shoppers.map((s) => s.lastSeq);
  console.log(`[${engine}] ${resync.length} forced disconnects over ${conversations} conversations (alternately the client before the ack, the server after it)`);
  console.log(`  events lost ${lost}, delivered twice ${duplicates}; events per conversation min ${Math.min(...events)} max ${Math.max(...events)} (2 per message: ${2 * rounds})`);
  console.log(`  resync (reconnect → every event held) p50 ${r.p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms`);
  const baseline = stats(await server.baseline(200, 1), 1);
  console.log(`  plain INSERT p50 ${baseline.p50.toFixed(2)} ms (same engine, same run)`);
} finally {
  await server.close();
}
