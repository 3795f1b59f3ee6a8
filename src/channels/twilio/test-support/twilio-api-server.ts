import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type SentMessage = { accountSid: string; authorization: string; form: Record<string, string>; sid: string };

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
export const newSid = (prefix: string) => `${prefix}${hex(16)}`;

/**
 * A local HTTP server speaking Twilio's Messages REST protocol
 * (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form body, HTTP Basic auth, JSON
 * answer with the message sid). It stands in for the provider's cloud, which tests cannot reach.
 */
export async function startTwilioApiServer(credentials: () => Map<string, string>) {
  const sent: SentMessage[] = [];
  let failNext = 0;
  const waiters: { count: number; resolve: () => void }[] = [];

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      const json = (status: number, body: Record<string, unknown>) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(req.url ?? "");
      if (req.method !== "POST" || !match?.[1]) return json(404, { code: 20404, message: "The requested resource was not found", status: 404 });
      const accountSid = match[1];
      const authorization = req.headers.authorization ?? "";
      const [user, token] = Buffer.from(authorization.replace(/^Basic /, ""), "base64").toString().split(":");
      if (user !== accountSid || credentials().get(accountSid) !== token) {
        return json(401, { code: 20003, message: "Authenticate", status: 401 });
      }
      if (failNext > 0) {
        failNext -= 1;
        return json(503, { code: 20503, message: "Service unavailable", status: 503 });
      }
      const form = Object.fromEntries(new URLSearchParams(raw));
      if (!form.To || !form.From || !form.Body) return json(400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
      const sid = newSid("SM");
      sent.push({ accountSid, authorization, form, sid });
      for (const waiter of waiters.filter((w) => sent.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      json(201, { sid, account_sid: accountSid, to: form.To, from: form.From, body: form.Body, status: "queued" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    /** The next `n` sends get 503, as when the provider has an outage. */
    failNext(n: number) {
      failNext = n;
    },
    /** Resolves once `count` messages in all have been accepted. */
    received(count: number): Promise<void> {
      if (sent.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TwilioApiServer = Awaited<ReturnType<typeof startTwilioApiServer>>;
