import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../../auth";
import { caller } from "../../http/plugins/auth";
import { errorResponses } from "../../http/schemas";
import { formText, sidField, twilioBaseForm, twimlResponse, workspaceParam } from "../twilio/twilio-form";
import {
  registerTwilioWebhookScope,
  WEBHOOK_BODY_LIMIT,
  type TwilioWebhookContext,
  type TwilioWebhookDeps,
} from "../twilio/twilio-webhook";
import type { CallRequest, VoiceChannel } from "./voice.service";

const callForm = {
  ...twilioBaseForm,
  CallSid: sidField,
  From: formText(128).optional().describe("Caller ID; absent or not a number when withheld"),
  To: formText(128).optional(),
  CallStatus: z.string().regex(/^[a-z-]{2,32}$/).optional(),
};

function callOf(context: TwilioWebhookContext, body: { CallSid: string; From?: string }): CallRequest {
  return {
    workspaceId: context.workspaceId,
    businessName: context.workspaceName,
    callSid: body.CallSid,
    from: body.From,
    base: context.base,
    transfer: context.credentials.transfer,
  };
}

function verified(request: FastifyRequest): TwilioWebhookContext {
  if (!request.twilio) throw new Error("webhook scope did not verify the request");
  return request.twilio;
}

/** Public webhooks for a Twilio number's voice settings; each request proven by its signature. */
export const voiceWebhookRoutes: FastifyPluginAsync<TwilioWebhookDeps & { voice: VoiceChannel }> = async (
  fastify,
  options,
) => {
  await registerTwilioWebhookScope(fastify, options);
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { voice } = options;
  const common = {
    bodyLimit: WEBHOOK_BODY_LIMIT,
    config: { auth: "public" as const },
  };

  app.post(
    "/channels/twilio/:workspace/voice",
    {
      ...common,
      schema: {
        tags: ["channels"],
        summary: "Twilio incoming-call webhook: greets the caller with context and listens (TwiML <Gather>)",
        security: [],
        params: workspaceParam,
        body: z.looseObject(callForm),
        response: { 200: twimlResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = await voice.answer(callOf(verified(request), request.body));
      return reply.type("text/xml").send(body);
    },
  );

  app.post(
    "/channels/twilio/:workspace/voice/gather",
    {
      ...common,
      schema: {
        tags: ["channels"],
        summary: "Twilio <Gather> action: answers the caller's words in speech, or puts them through to a person",
        security: [],
        params: workspaceParam,
        querystring: z.strictObject({
          turn: z.coerce.number().int().min(1).max(1000),
          silence: z.coerce.number().int().min(0).max(10).default(0),
        }),
        body: z.looseObject({
          ...callForm,
          SpeechResult: formText(5_000).optional(),
          Confidence: z.string().regex(/^\d(\.\d+)?$/).optional(),
        }),
        response: { 200: twimlResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = await voice.speech({
        ...callOf(verified(request), request.body),
        turn: request.query.turn,
        silence: request.query.silence,
        speech: (request.body.SpeechResult ?? "").trim(),
      });
      return reply.type("text/xml").send(body);
    },
  );

  app.post(
    "/channels/twilio/:workspace/voice/status",
    {
      ...common,
      schema: {
        tags: ["channels"],
        summary: "Twilio call status callback: records how the call ended",
        security: [],
        params: workspaceParam,
        body: z.looseObject({ ...callForm, CallStatus: z.string().regex(/^[a-z-]{2,32}$/) }),
        response: { 200: twimlResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      await voice.status(verified(request).workspaceId, request.body.CallSid, request.body.CallStatus);
      return reply.type("text/xml").send("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    },
  );
};

const screenPopSchema = z
  .object({
    callSid: z.string(),
    transferredAt: z.string(),
    reason: z.string(),
    caller: z.object({ phone: z.string().nullable() }),
    customer: z.object({
      id: z.string(),
      displayName: z.string().nullable(),
      tier: z.string(),
      identities: z.array(z.object({ kind: z.string(), value: z.string(), verificationLevel: z.string() })),
    }),
    verification: z.object({
      contact: z.enum(["anonymous", "recognised", "verified"]),
      record: z.string(),
      method: z.string().nullable(),
    }),
    case: z.object({
      id: z.string(),
      status: z.string(),
      priority: z.string(),
      orderRef: z.string().nullable(),
      subject: z.string().nullable(),
      intent: z.string().nullable(),
      channels: z.array(z.string()),
    }),
    lastInteraction: z.object({ channel: z.string(), at: z.string(), summary: z.string() }).nullable(),
  })
  .meta({ id: "ScreenPop" });

/** Staff API: the screen pop of a call put through to a person (also emitted as `call.transferred`). */
export const callsRoutes: FastifyPluginAsync<{ voice: VoiceChannel }> = async (fastify, { voice }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/calls/:callSid/screen-pop",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags: ["channels"],
        summary: "The screen pop for a call transferred to a person: caller, verification, case, last contact",
        params: z.strictObject({ callSid: sidField }),
        response: { 200: screenPopSchema, ...errorResponses },
      },
    },
    (request) => voice.screenPop(caller(request).workspaceId, request.params.callSid),
  );
};
