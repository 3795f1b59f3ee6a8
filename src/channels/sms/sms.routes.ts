import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import MessagingResponse from "twilio/lib/twiml/MessagingResponse.js";
import { z } from "zod";
import { errorResponses } from "../../http/schemas";
import { formText, sidField, twilioBaseForm, twimlResponse, workspaceParam } from "../twilio/twilio-form";
import { registerTwilioWebhookScope, WEBHOOK_BODY_LIMIT, type TwilioWebhookDeps } from "../twilio/twilio-webhook";
import { parseInboundSms, type SmsChannel } from "./sms.adapter";

const inboundSmsForm = z.looseObject({
  ...twilioBaseForm,
  MessageSid: sidField.optional(),
  SmsMessageSid: sidField.optional(),
  From: formText(64),
  To: formText(64),
  Body: formText(5_000).optional().describe("Up to 1,600 characters for SMS, 4,096 for WhatsApp"),
  NumMedia: z.string().regex(/^\d{1,2}$/).optional(),
  ProfileName: formText(200).optional().describe("WhatsApp profile name"),
  WaId: z.string().regex(/^\d{4,20}$/).optional().describe("WhatsApp id: the sender's number without +"),
});

const statusForm = z.looseObject({
  ...twilioBaseForm,
  MessageSid: sidField,
  MessageStatus: z.string().regex(/^[a-z_]{2,32}$/),
});

const emptyTwiml = () => new MessagingResponse().toString();

/**
 * Public webhooks a Twilio number's messaging settings point at, one URL set per workspace.
 * No API key: each request is proven by its signature (see registerTwilioWebhookScope).
 */
export const smsWebhookRoutes: FastifyPluginAsync<TwilioWebhookDeps & { sms: SmsChannel }> = async (
  fastify,
  options,
) => {
  await registerTwilioWebhookScope(fastify, options);
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    "/channels/twilio/:workspace/sms",
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      config: { auth: "public" },
      schema: {
        tags: ["channels"],
        summary: "Twilio incoming-message webhook (SMS and WhatsApp), signed with X-Twilio-Signature",
        description:
          "Stores the message and answers at once with an empty TwiML <Response/>; the AI's reply follows through the Messages API. A redelivered MessageSid is not stored twice.",
        security: [],
        params: workspaceParam,
        body: inboundSmsForm,
        response: { 200: twimlResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const context = request.twilio;
      if (!context) throw new Error("webhook scope did not verify the request");
      const sms = parseInboundSms(request.body);
      if (sms.text) {
        await fastify.limitSenders(request, reply, context.workspaceId, [{ kind: "phone", value: sms.phone }]);
        await options.sms.receive(context.workspaceId, sms, `${context.base}/status`);
      }
      return reply.type("text/xml").send(emptyTwiml());
    },
  );

  app.post(
    "/channels/twilio/:workspace/status",
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      config: { auth: "public" },
      schema: {
        tags: ["channels"],
        summary: "Twilio message status callback: records delivery of a reply (sent, delivered, failed…)",
        security: [],
        params: workspaceParam,
        body: statusForm,
        response: { 200: twimlResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const context = request.twilio;
      if (!context) throw new Error("webhook scope did not verify the request");
      await options.sms.deliveryStatus(context.workspaceId, request.body.MessageSid, request.body.MessageStatus);
      return reply.type("text/xml").send(emptyTwiml());
    },
  );
};
