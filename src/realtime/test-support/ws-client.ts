import WebSocket from "ws";

export type Frame = { type: string } & Record<string, unknown>;

/**
 * A real `ws` client for tests: records every frame, waits for the next one matching a
 * predicate, and reports how the server closed the socket.
 */
export class TestSocket {
  readonly frames: Frame[] = [];
  private cursor = 0;
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data, isBinary) => {
      if (isBinary) return;
      this.frames.push(JSON.parse(data.toString()) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    socket.on("error", () => undefined);
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      const client = new TestSocket(socket);
      socket.once("open", () => resolve(client));
      socket.once("unexpected-response", (_request, response) =>
        reject(new Error(`handshake refused with ${response.statusCode}`)),
      );
      socket.once("error", reject);
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.socket.send(data, { binary: options.binary ?? false });
  }

  /** The next frame (after those already taken) that matches; earlier non-matching ones are skipped. */
  async next(match: (frame: Frame) => boolean = () => true, timeoutMs = 15_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.frames.length) {
        const frame = this.frames[this.cursor++] as Frame;
        if (match(frame)) return frame;
      }
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error("socket closed while waiting for a frame");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until `count` frames matching `match` have arrived in total (taken or not). */
  async collect(match: (frame: Frame) => boolean, count: number, timeoutMs = 30_000): Promise<Frame[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.filter(match);
      if (found.length >= count) return found;
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error(`socket closed with ${found.length}/${count} frames`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`only ${found.length}/${count} frames within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
  }

  /** Drops the TCP connection without a closing handshake (a lost network). */
  kill(): void {
    this.socket.terminate();
  }
}

export const isEvent = (kind?: string) => (frame: Frame) =>
  frame.type === "event" && typeof frame.seq === "number" && (!kind || frame.kind === kind);
export const isAckFor = (clientId: string) => (frame: Frame) => frame.type === "ack" && frame.clientId === clientId;
export const isError = (code?: string) => (frame: Frame) => frame.type === "error" && (!code || frame.code === code);
