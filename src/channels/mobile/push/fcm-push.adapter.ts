import { createSign } from "node:crypto";
import { readFileSync } from "node:fs";
import { PushError, type PushMessage, type PushProvider } from "./push-provider";

const TIMEOUT_MS = 10_000;
const SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

/** The fields of a service-account key file this adapter uses. */
export type ServiceAccountKey = {
  project_id: string;
  client_email: string;
  private_key: string;
  token_uri: string;
};

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/**
 * Firebase Cloud Messaging's HTTP v1 API: `POST {base}/v1/projects/{project}/messages:send` with
 * `{ message: { token, notification, data } }` and an OAuth 2.0 bearer token obtained from the
 * service account by the JWT-bearer grant (RFC 7523) at the key's `token_uri`, cached until
 * shortly before it expires.
 */
export class FcmPushProvider implements PushProvider {
  private cached: { token: string; until: number } | undefined;

  constructor(
    private readonly key: ServiceAccountKey,
    private readonly baseUrl = "https://fcm.googleapis.com",
  ) {}

  private async accessToken(): Promise<string> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.token;
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }))}.${base64url(
      JSON.stringify({ iss: this.key.client_email, scope: SCOPE, aud: this.key.token_uri, iat: now, exp: now + 3600 }),
    )}`;
    const signature = createSign("RSA-SHA256").update(unsigned).sign(this.key.private_key);
    const response = await post(this.key.token_uri, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        assertion: `${unsigned}.${base64url(signature)}`,
      }).toString(),
    });
    const payload = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (!response.ok || typeof payload.access_token !== "string") {
      // A refused key is a configuration fault; an unreachable token service is worth retrying.
      throw new PushError(response.status >= 500 ? "temporary" : "permanent", "push credentials refused", response.status);
    }
    const lifetime = typeof payload.expires_in === "number" ? payload.expires_in : 3600;
    this.cached = { token: payload.access_token, until: Date.now() + Math.max(0, lifetime - 60) * 1000 };
    return payload.access_token;
  }

  async send(message: PushMessage): Promise<{ id: string }> {
    const token = await this.accessToken();
    const url = `${this.baseUrl.replace(/\/+$/, "")}/v1/projects/${encodeURIComponent(this.key.project_id)}/messages:send`;
    const response = await post(url, {
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({
        message: { token: message.token, notification: { title: message.title, body: message.body }, data: message.data },
      }),
    });
    const payload = (await response.json().catch(() => ({}))) as {
      name?: unknown;
      error?: { status?: unknown; details?: { errorCode?: unknown }[] };
    };
    if (response.ok && typeof payload.name === "string") return { id: payload.name };
    if (response.status === 401) this.cached = undefined;
    const errorCode = payload.error?.details?.find((d) => typeof d.errorCode === "string")?.errorCode;
    const status = typeof payload.error?.status === "string" ? payload.error.status : `HTTP ${response.status}`;
    if (errorCode === "UNREGISTERED" || response.status === 404) {
      throw new PushError("unregistered", "the device token is no longer registered", response.status);
    }
    if (response.ok || response.status === 401 || response.status === 429 || response.status >= 500) {
      throw new PushError("temporary", `push service answered ${status}`, response.status);
    }
    throw new PushError("permanent", `push service refused the message: ${status}`, response.status);
  }
}

async function post(url: string, init: { headers: Record<string, string>; body: string }): Promise<Response> {
  try {
    return await fetch(url, { method: "POST", ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new PushError("temporary", `push service unreachable: ${(error as Error).name}`);
  }
}

/** Reads a service-account key file at start-up; a missing field fails start-up naming the file. */
export function readServiceAccountKey(path: string): ServiceAccountKey {
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<ServiceAccountKey>;
  for (const field of ["project_id", "client_email", "private_key", "token_uri"] as const) {
    if (typeof parsed[field] !== "string" || !parsed[field]) {
      throw new Error(`FCM_SERVICE_ACCOUNT_FILE: ${field} missing in the key file`);
    }
  }
  return parsed as ServiceAccountKey;
}
