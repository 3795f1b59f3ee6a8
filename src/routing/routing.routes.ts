import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caller } from "../http/plugins/auth";
import { errorBody, errorResponses, idParam } from "../http/schemas";
import { queueOpenAt } from "./lib/queue-open-at";
import { staffUserRequired } from "./routing.errors";
import type { RoutingService } from "./routing.service";
import { PRESENCES, WEEKDAYS, WORK_CHANNELS } from "./routing.types";

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be HH:MM (24-hour)");
const period = z
  .strictObject({ open: time, close: time })
  .refine((p) => p.open !== p.close, "open and close must differ (a close before the open runs past midnight)");
const hoursSchema = z
  .partialRecord(z.enum(WEEKDAYS), z.array(period).max(4))
  .describe("Weekly hours in the queue's zone; a close at or before the open ends the next day. Empty = always open");
const holidaySchema = z.strictObject({
  date: z.iso.date(),
  name: z.string().trim().max(100).optional(),
  closed: z.boolean().optional(),
  periods: z.array(period).max(4).optional(),
});
const timezone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as America/New_York");
const tag = z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_-]{0,31}$/, "lower-case letters, digits, - and _");
const language = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, "a language code such as en or es");

const queueFields = {
  name: z.string().trim().min(1).max(100),
  skills: z.array(tag).max(20).describe("Skills an item must need to land here (returns, delivery, product, billing…); empty = any"),
  channels: z.array(z.enum(WORK_CHANNELS)).max(4).describe("Channels served; empty = every channel"),
  languages: z.array(language).max(20).describe("Languages served; empty = every language"),
  timezone,
  hours: hoursSchema,
  holidays: z.array(holidaySchema).max(100),
  slaSeconds: z.number().int().min(30).max(30 * 86_400).describe("First-reply promise, counted from the queue's next opening"),
  afterHoursChannel: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/).nullable().describe("Channel a person answers on outside hours"),
  isDefault: z.boolean().describe("Where items go when no queue matches"),
};

const queueSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    skills: z.array(z.string()),
    channels: z.array(z.string()),
    languages: z.array(z.string()),
    timezone: z.string(),
    hours: z.record(z.string(), z.array(z.object({ open: z.string(), close: z.string() }))),
    holidays: z.array(z.record(z.string(), z.unknown())),
    slaSeconds: z.number(),
    afterHoursChannel: z.string().nullable(),
    isDefault: z.boolean(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Queue" });

const queueWithStateSchema = queueSchema
  .extend({
    openNow: z.boolean(),
    nextOpening: z.date().nullable(),
    waiting: z.number(),
    assigned: z.number(),
    breached: z.number(),
    oldestEnqueuedAt: z.date().nullable(),
  })
  .meta({ id: "QueueWithState" });

export const queueItemSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    queueId: z.string(),
    status: z.enum(["queued", "assigned", "closed"]),
    channel: z.string(),
    skill: z.string(),
    language: z.string(),
    priorityScore: z.number(),
    priorityFactors: z.object({
      tier: z.number(),
      sentiment: z.number(),
      repeatContact: z.number(),
      casePriority: z.number(),
      sla: z.number(),
    }),
    assigneeId: z.string().nullable(),
    enqueuedAt: z.date(),
    assignedAt: z.date().nullable(),
    answeredAt: z.date().nullable(),
    slaDueAt: z.date(),
    slaBreachedAt: z.date().nullable(),
    closedAt: z.date().nullable(),
    closeReason: z.string().nullable(),
  })
  .meta({ id: "QueueItem" });

const agentSchema = z
  .object({
    userId: z.string(),
    name: z.string().optional().describe("The staff user's name, so a person can be chosen by name"),
    presence: z.enum(PRESENCES),
    skills: z.array(z.string()),
    languages: z.array(z.string()),
    load: z.array(z.object({ channel: z.enum(WORK_CHANNELS), capacity: z.number(), open: z.number() })),
    presenceChangedAt: z.date(),
    lastAssignedAt: z.date().nullable(),
  })
  .meta({ id: "RoutingAgent" });

const transferSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  itemId: z.string(),
  fromQueueId: z.string().nullable(),
  toQueueId: z.string().nullable(),
  fromAgentId: z.string().nullable(),
  toAgentId: z.string().nullable(),
  reason: z.string().nullable(),
  actorId: z.string(),
  createdAt: z.date(),
});

const caseParams = idParam("caseId", "Case id (case_…)");
const queueParams = idParam("queueId", "Queue id (que_…)");
const withUnprocessable = { ...errorResponses, 422: errorBody };

/** Presence and pick-up belong to a person: the signed-in staff user, never an API key. */
function staffUserOf(request: FastifyRequest): string {
  const auth = caller(request);
  if (auth.principal.kind !== "user") throw staffUserRequired();
  return auth.principal.id;
}

export const routingRoutes: FastifyPluginAsync<{
  routing: RoutingService;
  now: () => Date;
  /** Staff names by user id, for the agent list; absent, agents are listed by id only. */
  staffNames?: (workspaceId: string) => Promise<Map<string, string>>;
}> = async (fastify, { routing, now, staffNames }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/queues",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags: ["routing"],
        summary: "Queues with what waits in them, whether they are staffed now and their next opening",
        response: { 200: z.object({ queues: z.array(queueWithStateSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const workspaceId = caller(request).workspaceId;
      const [queues, counts] = await Promise.all([routing.queues.list(workspaceId), routing.queueCounts(workspaceId)]);
      const at = now();
      return {
        queues: queues.map((queue) => {
          const count = counts.find((c) => c.queueId === queue.id);
          const open = queueOpenAt(queue, at);
          return {
            ...queue,
            openNow: open.open,
            nextOpening: open.open ? null : open.opensAt,
            waiting: count?.waiting ?? 0,
            assigned: count?.assigned ?? 0,
            breached: count?.breached ?? 0,
            oldestEnqueuedAt: count?.oldestEnqueuedAt ?? null,
          };
        }),
      };
    },
  );

  app.post(
    "/queues",
    {
      config: { auth: { roles: ROLE_SETS.managers } },
      schema: {
        tags: ["routing"],
        summary: "Create a queue",
        body: z.strictObject({
          ...queueFields,
          skills: queueFields.skills.optional(),
          channels: queueFields.channels.optional(),
          languages: queueFields.languages.optional(),
          timezone: timezone.optional().describe("IANA zone; the workspace's zone when absent"),
          hours: hoursSchema.optional(),
          holidays: queueFields.holidays.optional(),
          slaSeconds: queueFields.slaSeconds.optional(),
          afterHoursChannel: queueFields.afterHoursChannel.optional(),
          isDefault: queueFields.isDefault.optional(),
        }),
        response: { 201: queueSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await routing.queues.create(caller(request).workspaceId, request.body)),
  );

  app.patch(
    "/queues/:queueId",
    {
      config: { auth: { roles: ROLE_SETS.managers } },
      schema: {
        tags: ["routing"],
        summary: "Change a queue's skills, channels, languages, hours, holidays or promise",
        params: queueParams,
        body: z
          .strictObject(Object.fromEntries(Object.entries(queueFields).map(([k, v]) => [k, v.optional()])) as {
            [K in keyof typeof queueFields]: z.ZodOptional<(typeof queueFields)[K]>;
          })
          .refine((patch) => Object.keys(patch).length > 0, "send at least one field to change"),
        response: { 200: queueSchema, ...errorResponses },
      },
    },
    (request) => routing.queues.update(caller(request).workspaceId, request.params.queueId, request.body),
  );

  app.get(
    "/queues/:queueId/items",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags: ["routing"],
        summary: "Items waiting in a queue, in the order they will be taken (priority, then age)",
        params: queueParams,
        response: { 200: z.object({ items: z.array(queueItemSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await routing.waiting(caller(request).workspaceId, request.params.queueId) }),
  );

  app.get(
    "/agents",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags: ["routing"],
        summary: "Agents with presence, skills, languages and open items against capacity per channel",
        response: { 200: z.object({ agents: z.array(agentSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const workspaceId = caller(request).workspaceId;
      const [agents, names] = await Promise.all([
        routing.agents(workspaceId),
        staffNames ? staffNames(workspaceId) : Promise.resolve(new Map<string, string>()),
      ]);
      return { agents: agents.map((agent) => ({ ...agent, name: names.get(agent.userId) })) };
    },
  );

  app.get(
    "/agents/me",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags: ["routing"],
        summary: "The signed-in agent's presence, skills and load",
        response: { 200: agentSchema, ...withUnprocessable },
      },
    },
    (request) => routing.agent(caller(request).workspaceId, staffUserOf(request)),
  );

  app.put(
    "/agents/me/presence",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags: ["routing"],
        summary: "Set presence: online takes work, away keeps it, offline re-routes unanswered items",
        body: z.strictObject({ presence: z.enum(PRESENCES) }),
        response: { 200: agentSchema, ...withUnprocessable },
      },
    },
    (request) => routing.setPresence(caller(request).workspaceId, staffUserOf(request), request.body.presence),
  );

  app.put(
    "/agents/:userId",
    {
      config: { auth: { roles: ROLE_SETS.managers } },
      schema: {
        tags: ["routing"],
        summary: "Set an agent's skills, languages and capacity per channel",
        params: idParam("userId", "Staff user id (usr_…)"),
        body: z
          .strictObject({
            skills: z.array(tag).min(1).max(20).optional(),
            languages: z.array(language).min(1).max(20).optional(),
            capacity: z
              .partialRecord(z.enum(WORK_CHANNELS), z.number().int().min(0).max(100))
              .optional()
              .describe("Items at once per channel, e.g. { chat: 3, voice: 1 }"),
          })
          .refine((body) => Object.keys(body).length > 0, "send skills, languages or capacity"),
        response: { 200: agentSchema, ...withUnprocessable },
      },
    },
    (request) => routing.configureAgent(caller(request).workspaceId, request.params.userId, request.body),
  );

  app.get(
    "/cases/:caseId/routing",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags: ["routing"],
        summary: "The case's queue item (if any) and every transfer it went through",
        params: caseParams,
        response: {
          200: z.object({ item: queueItemSchema.nullable(), transfers: z.array(transferSchema) }),
          ...errorResponses,
        },
      },
    },
    (request) => routing.caseRouting(caller(request).workspaceId, request.params.caseId),
  );

  app.post(
    "/cases/:caseId/pickup",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags: ["routing"],
        summary: "Take a waiting case: exactly one of two agents picking it up at once wins, the other gets 409",
        params: caseParams,
        response: { 200: queueItemSchema, ...withUnprocessable },
      },
    },
    (request) => routing.pickup(caller(request).workspaceId, request.params.caseId, staffUserOf(request)),
  );

  app.post(
    "/cases/:caseId/transfer",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags: ["routing"],
        summary: "Move a case to another agent or queue (recorded)",
        params: caseParams,
        body: z.strictObject({
          toAgentId: z.string().min(1).max(64).optional(),
          toQueueId: z.string().min(1).max(64).optional(),
          reason: z.string().trim().min(1).max(500).optional(),
        }),
        response: { 200: queueItemSchema, ...withUnprocessable },
      },
    },
    (request) => {
      const auth = caller(request);
      return routing.transfer(auth.workspaceId, request.params.caseId, request.body, auth.principal.id);
    },
  );

  app.post(
    "/cases/:caseId/handback",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags: ["routing"],
        summary: "Hand the case back to the AI agent: the queue item closes and the case reopens",
        params: caseParams,
        response: { 200: queueItemSchema, ...withUnprocessable },
      },
    },
    (request) => {
      const auth = caller(request);
      return routing.handback(auth.workspaceId, request.params.caseId, auth.principal.id);
    },
  );
};
