/** The server half of the realtime benchmarks (forked by forkRealtimeServer; not run by hand). */
import { insertBaseline, startRealtimeBench } from "./realtime-lib";

const engine = (process.argv[2] ?? "pglite") as "pglite" | "postgres";
const bench = await startRealtimeBench(engine, process.argv[3] || undefined);
process.on("message", (message: { baseline?: { total: number; concurrency: number }; close?: boolean; drop?: boolean }) => {
  if (message.drop) {
    // The server side cuts every connection without a closing handshake (a crash, a proxy reset).
    for (const client of bench.app.websocketServer.clients) client.terminate();
    process.send?.({ dropped: true });
  }
  if (message.baseline) {
    const { total, concurrency } = message.baseline;
    void insertBaseline(bench.database, bench.workspaceId, total, concurrency).then((baseline) => process.send?.({ baseline }));
  }
  if (message.close) void bench.close().then(() => process.exit(0));
});
process.send?.({ url: bench.url });
