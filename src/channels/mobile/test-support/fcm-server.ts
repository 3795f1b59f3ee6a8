import { createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ServiceAccountKey } from "../push/fcm-push.adapter";

export type SentPush = { project: string; message: { token: string; notification?: Record<string, string>; data?: Record<string, string> } };

/**
 * A local server speaking the two HTTP protocols a mobile push goes through: Google's OAuth 2.0
 * token endpoint with the JWT-bearer grant (the assertion's RS256 signature is checked against
 * the service account's public key) and FCM HTTP v1 `messages:send` (bearer token required,
 * answers `{name}`, or the documented error bodies). It stands in for the cloud.
 */
export async function startFcmServer() {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const issued = new Set<string>();
  const sent: SentPush[] = [];
  const unregistered = new Set<string>();
  let failNext = 0;
  let tokenRequests = 0;

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      const fcmError = (code: number, status: string, errorCode?: string) =>
        json(code, {
          error: {
            code,
            message: status,
            status,
            ...(errorCode ? { details: [{ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode }] } : {}),
          },
        });
      if (req.method === "POST" && req.url === "/token") {
        tokenRequests += 1;
        const form = new URLSearchParams(raw);
        const [head = "", claims = "", signature = ""] = (form.get("assertion") ?? "").split(".");
        const valid =
          form.get("grant_type") === "urn:ietf:params:oauth:grant-type:jwt-bearer" &&
          createVerify("RSA-SHA256").update(`${head}.${claims}`).verify(publicKey, Buffer.from(signature, "base64url"));
        const body = valid ? (JSON.parse(Buffer.from(claims, "base64url").toString()) as Record<string, unknown>) : {};
        if (!valid || body.iss !== key.client_email || body.aud !== key.token_uri) {
          return json(400, { error: "invalid_grant", error_description: "Invalid JWT Signature." });
        }
        const token = `ya29.${randomBytes(16).toString("hex")}`;
        issued.add(token);
        return json(200, { access_token: token, expires_in: 3599, token_type: "Bearer" });
      }
      const match = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(req.url ?? "");
      if (req.method !== "POST" || !match?.[1]) return fcmError(404, "NOT_FOUND");
      if (!issued.has((req.headers.authorization ?? "").replace(/^Bearer /, ""))) return fcmError(401, "UNAUTHENTICATED");
      if (failNext > 0) {
        failNext -= 1;
        return fcmError(503, "UNAVAILABLE");
      }
      const body = JSON.parse(raw) as { message?: SentPush["message"] };
      if (!body.message?.token) return fcmError(400, "INVALID_ARGUMENT");
      if (unregistered.has(body.message.token)) return fcmError(404, "NOT_FOUND", "UNREGISTERED");
      sent.push({ project: decodeURIComponent(match[1]), message: body.message });
      return json(200, { name: `projects/${match[1]}/messages/0:${randomBytes(8).toString("hex")}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key: ServiceAccountKey = {
    project_id: "throughline-test",
    client_email: "push@throughline-test.iam.gserviceaccount.com",
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    token_uri: `${url}/token`,
  };
  return {
    url,
    key,
    sent,
    unregistered,
    failNext: (n: number) => void (failNext = n),
    get tokenRequests() {
      return tokenRequests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FcmServer = Awaited<ReturnType<typeof startFcmServer>>;
