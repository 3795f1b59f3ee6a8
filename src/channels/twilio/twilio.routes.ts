import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../../auth";
import { caller } from "../../http/plugins/auth";
import { errorResponses } from "../../http/schemas";
import type { WorkspacesService } from "../../workspaces";
import { callerPhone } from "./lib/caller-phone";
import type { TwilioAccountsService } from "./twilio-accounts.service";
import { sidField } from "./twilio-form";

const e164 = z
  .string()
  .trim()
  .refine((value) => callerPhone(value) === value, "a phone number in E.164, e.g. +14155550100");

const transferSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("enqueue"), queue: z.string().trim().regex(/^[\w .-]{1,64}$/, "1–64 letters, digits, spaces, dots, dashes") }),
    z.strictObject({ kind: z.literal("dial"), number: e164 }),
  ])
  .describe("Where a call goes when it needs a person: a TaskRouter/Enqueue queue or a number to dial");

const accountView = z.object({
  accountSid: z.string(),
  authTokenHint: z.string().describe("The token's last four characters; the token itself is never returned"),
  phoneNumbers: z.array(z.string()),
  transfer: transferSchema,
  updatedAt: z.date(),
  webhooks: z
    .object({ sms: z.string(), status: z.string(), voice: z.string(), voiceStatus: z.string() })
    .describe("Paste these into the number's messaging and voice settings (HTTP POST)"),
});

/** Admin API for the workspace's Twilio account: secrets go in, only a hint comes out. */
export const twilioSettingsRoutes: FastifyPluginAsync<{
  accounts: TwilioAccountsService;
  workspaces: WorkspacesService;
  publicBaseUrl?: string;
}> = async (fastify, { accounts, workspaces, publicBaseUrl }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const withWebhooks = async (workspaceId: string, view: Awaited<ReturnType<TwilioAccountsService["get"]>>) => {
    const { slug } = await workspaces.get(workspaceId);
    const base = `${(publicBaseUrl ?? "").replace(/\/+$/, "")}/api/v1/channels/twilio/${slug}`;
    return {
      ...view,
      webhooks: { sms: `${base}/sms`, status: `${base}/status`, voice: `${base}/voice`, voiceStatus: `${base}/voice/status` },
    };
  };

  app.get(
    "/workspace/channels/twilio",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags: ["channels"],
        summary: "The workspace's Twilio account (SMS, WhatsApp, voice) and its webhook URLs",
        response: { 200: accountView, ...errorResponses },
      },
    },
    async (request) => {
      const { workspaceId } = caller(request);
      return withWebhooks(workspaceId, await accounts.get(workspaceId));
    },
  );

  app.put(
    "/workspace/channels/twilio",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags: ["channels"],
        summary: "Set the workspace's Twilio account; omit authToken to keep the stored one",
        body: z.strictObject({
          accountSid: sidField.refine((sid) => sid.startsWith("AC"), "an account SID starts with AC"),
          authToken: z.string().trim().regex(/^[0-9a-zA-Z]{16,128}$/, "the account's auth token").optional(),
          phoneNumbers: z.array(e164).max(50).optional(),
          transfer: transferSchema.optional(),
        }),
        response: { 200: accountView, ...errorResponses },
      },
    },
    async (request) => {
      const { workspaceId } = caller(request);
      return withWebhooks(workspaceId, await accounts.put(workspaceId, request.body));
    },
  );

  app.delete(
    "/workspace/channels/twilio",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags: ["channels"],
        summary: "Remove the Twilio account: its webhooks are refused from then on",
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await accounts.remove(caller(request).workspaceId);
      return reply.status(204).send(null);
    },
  );
};
