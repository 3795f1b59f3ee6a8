import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type ReceivedWebhook = {
  id: string;
  verified: boolean;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
};

export type WebhookReceiver = {
  url: string;
  received: ReceivedWebhook[];
  useSecret(secret: string): void;
  close(): Promise<void>;
};

/**
 * A retailer's webhook receiver on a real local socket, for tests and the write-back demo: each
 * request is checked with the standardwebhooks library and answered with `answer()`'s status.
 */
export async function startWebhookReceiver(answer: () => number): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let secret = "";
  const server = http.createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    request.on("end", () => {
      let verified = false;
      try {
        new Webhook(secret).verify(raw, request.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      received.push({
        id: String(request.headers["webhook-id"]),
        verified,
        body: JSON.parse(raw) as ReceivedWebhook["body"],
      });
      response.statusCode = answer();
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    useSecret: (value) => {
      secret = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
