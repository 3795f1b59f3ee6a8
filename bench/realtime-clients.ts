/**
 * Many widget clients on the realtime WebSocket: --clients open connections (hello + welcome),
 * of which --chatting send --messages each, one after another with --think-ms ± 50 % between
 * (people typing). Measures messages per second, customer message → ack and → AI reply arriving
 * over the socket (p50/p99), beside a plain single-row INSERT at the same concurrency in the same run.
 * The server runs in a child process, so the clients' event loop never waits on it.
 *
 *   npx tsx bench/realtime-clients.ts [--clients 1000] [--chatting 100] [--messages 4] [--think-ms 1000] [--engine pglite|postgres]
 */
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { arg, stats, type Stats } from "./lib";
import { forkRealtimeServer } from "./realtime-lib";

const clients = Number(arg("clients", "1000"));
const chatting = Number(arg("chatting", "100"));
const messages = Number(arg("messages", "4"));
const thinkMs = Number(arg("think-ms", "1000"));
const engine = (arg("engine", "pglite") ?? "pglite") as "pglite" | "postgres";

type Frame = { type: string; clientId?: string; seq?: number; kind?: string; message?: { author: string; clientId?: string } };

type Client = { socket: WebSocket; waiters: ((frame: Frame) => boolean)[] };

function connect(url: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const client: Client = { socket, waiters: [] };
    socket.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      client.waiters = client.waiters.filter((waiter) => !waiter(frame));
    });
    socket.once("error", reject);
    socket.once("open", () => {
      client.waiters.push((frame) => {
        if (frame.type !== "welcome") return false;
        resolve(client);
        return true;
      });
      socket.send(JSON.stringify({ type: "hello" }));
    });
  });
}

const until = (client: Client, match: (frame: Frame) => boolean) =>
  new Promise<void>((resolve) =>
    client.waiters.push((frame) => {
      if (!match(frame)) return false;
      resolve();
      return true;
    }),
  );

const fmt = (s: Stats) => `p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  (n=${s.n})`;
const pause = () => new Promise((resolve) => setTimeout(resolve, thinkMs * (0.5 + Math.random())));

const bench = await forkRealtimeServer(engine, arg("pg-admin-url"));
try {
  const openStart = performance.now();
  const connectSamples: number[] = [];
  const all: Client[] = [];
  // Open in waves of 100, as a burst of page views would.
  for (let i = 0; i < clients; i += 100) {
    const wave = await Promise.all(
      Array.from({ length: Math.min(100, clients - i) }, async () => {
        const t = performance.now();
        const client = await connect(bench.url);
        connectSamples.push(performance.now() - t);
        return client;
      }),
    );
    all.push(...wave);
  }
  const openMs = performance.now() - openStart;
  console.log(`[${engine}] ${all.length} clients open in ${(openMs / 1000).toFixed(1)} s; connect+welcome ${fmt(stats(connectSamples, openMs))}`);

  const ackSamples: number[] = [];
  const replySamples: number[] = [];
  const chatStart = performance.now();
  await Promise.all(
    all.slice(0, chatting).map(async (client, c) => {
      await pause();
      for (let m = 0; m < messages; m++) {
        const clientId = randomUUID();
        const t = performance.now();
        const acked = until(client, (f) => f.type === "ack" && f.clientId === clientId).then(() =>
          ackSamples.push(performance.now() - t),
        );
        const replied = until(client, (f) => f.type === "event" && f.kind === "message" && f.message?.author === "ai");
        client.socket.send(
          JSON.stringify({
            type: "message",
            clientId,
            text: ["is the Soho store open now?", "do you have the aero jacket in medium?", "what is your return policy?", "thanks!"][(c + m) % 4],
          }),
        );
        await acked;
        await replied;
        replySamples.push(performance.now() - t);
        await pause();
      }
    }),
  );
  const chatMs = performance.now() - chatStart;
  const stillOpen = all.filter((client) => client.socket.readyState === WebSocket.OPEN).length;
  const sent = chatting * messages;
  console.log(`[${engine}] ${chatting} of ${clients} clients chatting, ${sent} messages in ${(chatMs / 1000).toFixed(1)} s: ${((sent / chatMs) * 1000).toFixed(1)} msgs/s (think ${thinkMs} ms)`);
  console.log(`  message → ack        ${fmt(stats(ackSamples, chatMs))}`);
  console.log(`  message → AI reply   ${fmt(stats(replySamples, chatMs))}`);
  const baseline = stats(await bench.baseline(sent, chatting), 1);
  console.log(`  plain INSERT         ${fmt(baseline)}  (same concurrency, same engine)`);
  console.log(`  reply p50 / INSERT p50 = ×${(stats(replySamples, 1).p50 / baseline.p50).toFixed(1)}; ${stillOpen}/${clients} sockets still open; RSS ${(process.memoryUsage().rss / 1_048_576).toFixed(0)} MiB`);
  for (const client of all) client.socket.terminate();
} finally {
  await bench.close();
}
