import formbody from "@fastify/formbody";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { validateRequest } from "twilio/lib/webhooks/webhooks.js";
import type { Workspace } from "../../workspaces";
import { webhookUrl } from "./lib/webhook-url";
import type { TwilioAccountsService } from "./twilio-accounts.service";
import { signatureInvalid } from "./twilio.errors";
import type { TwilioCredentials, VoiceTransfer } from "./twilio.types";

/** What a verified webhook request carries into its handler. */
export type TwilioWebhookContext = {
  workspaceId: string;
  workspaceName: string;
  credentials: TwilioCredentials & { transfer: VoiceTransfer };
  /** The URL the provider signed; its path up to the workspace slug is `base`. */
  url: string;
  /** `…/channels/twilio/<slug>`: where this workspace's webhooks live, as the provider reaches them. */
  base: string;
};

declare module "fastify" {
  interface FastifyRequest {
    twilio?: TwilioWebhookContext;
  }
}

export type TwilioWebhookDeps = {
  workspaces: { findBySlug(slug: string): Promise<Workspace | undefined> };
  accounts: TwilioAccountsService;
  /** The address the provider calls, when a proxy changes scheme, host or path prefix. */
  publicBaseUrl?: string;
};

/** Twilio's own payloads are a few kilobytes; nothing legitimate comes near this. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

/**
 * Makes an encapsulated plugin a Twilio webhook surface: form-encoded bodies, and every request
 * proven by X-Twilio-Signature (HMAC-SHA1 of the URL and parameters with the workspace's auth
 * token, compared in constant time by the provider's library) before its body is even validated.
 * Forged, missing or unconfigured → 403, logged with the reason and never with the sender.
 */
export async function registerTwilioWebhookScope(app: FastifyInstance, deps: TwilioWebhookDeps): Promise<void> {
  await app.register(formbody, { bodyLimit: WEBHOOK_BODY_LIMIT });
  app.addHook("preValidation", async (request) => {
    request.twilio = await verify(request, deps);
  });
}

async function verify(request: FastifyRequest, deps: TwilioWebhookDeps): Promise<TwilioWebhookContext> {
  const slug = (request.params as { workspace?: unknown }).workspace;
  const workspace = typeof slug === "string" ? await deps.workspaces.findBySlug(slug) : undefined;
  const credentials = workspace ? await deps.accounts.credentials(workspace.id) : undefined;
  const url = webhookUrl({
    publicBaseUrl: deps.publicBaseUrl,
    protocol: request.protocol,
    host: request.host,
    url: request.url,
  });
  const signature = request.headers["x-twilio-signature"];
  const params = isFormBody(request.body) ? request.body : undefined;
  const refuse = (reason: string) => {
    request.log.warn({ route: request.routeOptions.url, workspaceId: workspace?.id, reason }, "webhook refused");
    return signatureInvalid();
  };
  if (!workspace || !credentials) throw refuse("channel_not_configured");
  if (typeof signature !== "string" || signature.length === 0) throw refuse("signature_missing");
  if (!url || !params) throw refuse("request_unverifiable");
  if (!safeValidate(credentials.authToken, signature, url, params)) throw refuse("signature_invalid");
  // One auth token can serve several accounts' numbers: the request must be for this workspace's.
  if (params.AccountSid !== credentials.accountSid) throw refuse("account_mismatch");
  const path = url.split("?")[0] ?? url;
  const marker = `/channels/twilio/${workspace.slug}`;
  return {
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    credentials,
    url,
    base: path.slice(0, path.lastIndexOf(marker) + marker.length),
  };
}

function safeValidate(token: string, signature: string, url: string, params: Record<string, unknown>): boolean {
  try {
    return validateRequest(token, signature, url, params);
  } catch {
    // The library parses the URL; one it cannot parse was not signed by the provider.
    return false;
  }
}

function isFormBody(body: unknown): body is Record<string, string | string[]> {
  return typeof body === "object" && body !== null && !Array.isArray(body);
}
