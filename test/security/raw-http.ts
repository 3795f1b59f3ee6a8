import net from "node:net";

export type RawResponse = { status: number | undefined; bytes: number };

/**
 * Sends bytes exactly as given over a real socket (no client library to fix them up) and reads
 * until the server closes. Rejects when the server neither answers nor closes in time: a hang.
 */
export function sendRaw(port: number, request: Buffer, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("latin1");
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match?.[1] ? Number(match[1]) : undefined, bytes: text.length });
    };
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("close", finish);
    // The server may answer (413, 431) and close before it has read everything we send.
    socket.on("error", () => undefined);
    // No half-close after writing: Node's HTTP server treats a client's FIN as an abort and drops
    // a response still being prepared, which real clients (that keep reading) never see. Every
    // request here asks for `connection: close` or is refused, so the server closes the socket.
    socket.write(request);
  });
}
