import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { forbidden } from "../core/errors";
import type { RouteAuth } from "../http/http.types";
import { caller } from "../http/plugins/auth";
import { errorResponses, limitQuery } from "../http/schemas";
import type { PolicySource } from "../policies";
import type { KnowledgeService } from "./knowledge.service";
import { ENTRY_KINDS, POLICY_TYPES, VERSION_STATUSES, type PolicyType } from "./knowledge.types";
import { CHANNEL_PATTERN, MAX_BODY_CHARS, SLUG_PATTERN } from "./lib/markdown-file.schema";
import { POLICY_PARAM_SCHEMAS } from "./lib/validate-params";

const isoDate = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .describe("ISO 8601 date-time, e.g. 2026-05-01T00:00:00Z");
const label = z.string().trim().min(1).max(60);
const labels = z.array(label).max(200);

const scopeSchema = z
  .object({ stores: z.array(z.string()), regions: z.array(z.string()), categories: z.array(z.string()) })
  .meta({ id: "KnowledgeScope" });

const contentFields = {
  title: z.string().trim().min(1).max(300),
  body: z.string().max(MAX_BODY_CHARS).describe("Markdown; stored as given, rendered escaped"),
  category: label.nullable().optional(),
  channels: z
    .array(z.string().regex(CHANNEL_PATTERN, "a channel name such as web_chat"))
    .max(20)
    .optional()
    .describe("Channels this version applies to; empty or absent means every channel"),
  locale: z.string().trim().min(2).max(35).optional(),
  scope: z
    .strictObject({ stores: labels.optional(), regions: labels.optional(), categories: labels.optional() })
    .optional()
    .describe("Stores, regions and product categories this applies to; empty lists mean all"),
  params: z
    .record(z.string().max(100), z.unknown())
    .optional()
    .describe("Structured parameters, validated per policy type (see docs/knowledge-base.md)"),
  effectiveFrom: isoDate.nullable().optional().describe("Start; absent or past means when published"),
  effectiveTo: isoDate.nullable().optional().describe("End (exclusive); absent means open-ended"),
  changeNote: z.string().trim().max(2000).optional(),
};

const versionSchema = z
  .object({
    id: z.string(),
    entryId: z.string(),
    version: z.number().int(),
    status: z.enum(VERSION_STATUSES),
    title: z.string(),
    body: z.string(),
    category: z.string().nullable(),
    channels: z.array(z.string()),
    locale: z.string(),
    scope: scopeSchema,
    params: z.record(z.string(), z.unknown()),
    effectiveFrom: z.date().nullable(),
    effectiveTo: z.date().nullable(),
    author: z.string(),
    changeNote: z.string(),
    basedOnVersion: z.number().int().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    submittedAt: z.date().nullable(),
    publishedAt: z.date().nullable(),
    publishedBy: z.string().nullable(),
    supersededAt: z.date().nullable(),
    archivedAt: z.date().nullable(),
  })
  .meta({ id: "KnowledgeVersion" });

const versionSummarySchema = versionSchema
  .omit({ body: true, params: true })
  .extend({ inForce: z.boolean(), scheduled: z.boolean() })
  .meta({ id: "KnowledgeVersionSummary" });

const entrySchema = z
  .object({
    id: z.string(),
    kind: z.enum(ENTRY_KINDS),
    slug: z.string(),
    policyType: z.enum(POLICY_TYPES).nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    at: z.date().describe("The instant `inForce` was resolved for"),
    inForce: versionSchema.nullable(),
    latestVersion: z.number().int(),
    latestPublishedVersion: z.number().int().nullable(),
  })
  .meta({ id: "KnowledgeEntry" });

const passageSchema = z
  .object({
    entryId: z.string(),
    version: z.number().int(),
    versionId: z.string(),
    slug: z.string(),
    kind: z.enum(ENTRY_KINDS),
    policyType: z.enum(POLICY_TYPES).nullable(),
    title: z.string(),
    category: z.string().nullable(),
    snippet: z.string().describe("HTML-escaped; matches wrapped in <mark>"),
    score: z.number(),
    effectiveFrom: z.date(),
    effectiveTo: z.date().nullable(),
  })
  .meta({ id: "KnowledgePassage" });

const fileSchema = z
  .strictObject({
    path: z.string().trim().min(1).max(300),
    content: z.string().max(MAX_BODY_CHARS + 20_000),
  })
  .meta({ id: "KnowledgeFile" });

const entryParams = z.strictObject({ entryId: z.string().min(1).max(64).describe("Entry id (kb_…)") });
const versionParams = entryParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });
const atQuery = z.strictObject({
  at: isoDate.optional().describe("Resolve what was (or will be) in force at this instant; default now"),
});

const tags = ["knowledge"];
const readers = { auth: { roles: ROLE_SETS.anyone } };
/** Support leads write and submit drafts; only admins put a version in force. */
const authors = { auth: { roles: ROLE_SETS.managers } };
const publishers = { auth: { roles: ROLE_SETS.admins } };

const canSeeUnpublished = (request: FastifyRequest) =>
  (ROLE_SETS.managers as readonly string[]).includes(caller(request).role);

const actorOf = (request: FastifyRequest) => caller(request).principal.id;

export const knowledgeRoutes: FastifyPluginAsync<{
  knowledge: KnowledgeService;
  policies: PolicySource;
}> = async (fastify, { knowledge, policies }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/knowledge/search",
    {
      config: readers,
      schema: {
        tags,
        operationId: "searchKnowledge",
        summary: "Ranked full-text search over what is in force (stems: return/returns/returning)",
        querystring: z.strictObject({
          q: z.string().trim().min(1).max(500),
          match: z
            .enum(["any", "all"])
            .default("any")
            .describe("any: rank by words matched; all: every word"),
          kind: z.enum(ENTRY_KINDS).optional(),
          policyType: z.enum(POLICY_TYPES).optional(),
          category: label.optional(),
          channel: z.string().regex(CHANNEL_PATTERN).optional(),
          locale: z.string().min(2).max(35).optional(),
          store: label.optional(),
          region: label.optional(),
          productCategory: label.optional(),
          at: isoDate.optional(),
          limit: z.coerce.number().int().min(1).max(50).default(5),
        }),
        response: { 200: z.object({ passages: z.array(passageSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ passages: await knowledge.search(caller(request).workspaceId, request.query) }),
  );

  app.get(
    "/knowledge/entries",
    {
      config: readers,
      schema: {
        tags,
        summary: "List entries with the version in force",
        querystring: z.strictObject({
          kind: z.enum(ENTRY_KINDS).optional(),
          policyType: z.enum(POLICY_TYPES).optional(),
          at: isoDate.optional(),
          cursor: z.string().max(64).optional(),
          limit: limitQuery,
        }),
        response: {
          200: z.object({ entries: z.array(entrySchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    (request) => knowledge.listEntries(caller(request).workspaceId, request.query),
  );

  app.post(
    "/knowledge/entries",
    {
      config: authors,
      schema: {
        tags,
        summary: "Create an entry; its first version is a draft (admins may publish at once)",
        body: z.strictObject({
          kind: z.enum(ENTRY_KINDS),
          slug: z.string().max(120).regex(SLUG_PATTERN, "lower-case words joined by dashes"),
          policyType: z.enum(POLICY_TYPES).nullable().optional(),
          ...contentFields,
          publish: z.boolean().default(false).describe("Publish the first version immediately (admins only)"),
        }),
        response: { 201: entrySchema.extend({ version: versionSchema }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      const { publish, ...input } = request.body;
      if (publish && auth.role !== "admin")
        throw forbidden("AUTH_FORBIDDEN", "publishing needs the role: admin");
      const created = await knowledge.createEntry(auth.workspaceId, input, auth.principal.id, { publish });
      return reply.status(201).send(created);
    },
  );

  app.get(
    "/knowledge/entries/:entryId",
    {
      config: readers,
      schema: {
        tags,
        summary: "An entry with the version in force now, or at `at`",
        params: entryParams,
        querystring: atQuery,
        response: { 200: entrySchema, ...errorResponses },
      },
    },
    (request) => knowledge.getEntry(caller(request).workspaceId, request.params.entryId, request.query.at),
  );

  app.get(
    "/knowledge/slugs/:slug",
    {
      config: readers,
      schema: {
        tags,
        summary: "An entry by slug with the version in force now, or at `at`",
        params: z.strictObject({ slug: z.string().min(1).max(120) }),
        querystring: atQuery,
        response: { 200: entrySchema, ...errorResponses },
      },
    },
    (request) => knowledge.getEntryBySlug(caller(request).workspaceId, request.params.slug, request.query.at),
  );

  app.get(
    "/knowledge/entries/:entryId/versions",
    {
      config: readers,
      schema: {
        tags,
        summary: "Version history, oldest first (drafts only for supervisors and admins)",
        params: entryParams,
        response: { 200: z.object({ versions: z.array(versionSummarySchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      versions: await knowledge.listVersions(caller(request).workspaceId, request.params.entryId, {
        includeUnpublished: canSeeUnpublished(request),
      }),
    }),
  );

  app.post(
    "/knowledge/entries/:entryId/versions",
    {
      config: authors,
      schema: {
        tags,
        summary: "Start a draft from the latest published version, with the given changes",
        params: entryParams,
        body: z.strictObject({
          ...contentFields,
          title: contentFields.title.optional(),
          body: contentFields.body.optional(),
        }),
        response: { 201: versionSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await knowledge.createDraft(
            caller(request).workspaceId,
            request.params.entryId,
            request.body,
            actorOf(request),
          ),
        ),
  );

  app.get(
    "/knowledge/entries/:entryId/versions/:version",
    {
      config: readers,
      schema: {
        tags,
        summary: "One version, any past one included",
        params: versionParams,
        response: { 200: versionSchema, ...errorResponses },
      },
    },
    (request) =>
      knowledge.getVersion(caller(request).workspaceId, request.params.entryId, request.params.version, {
        includeUnpublished: canSeeUnpublished(request),
      }),
  );

  app.patch(
    "/knowledge/entries/:entryId/versions/:version",
    {
      config: authors,
      schema: {
        tags,
        summary: "Change a draft",
        params: versionParams,
        body: z.strictObject({
          ...contentFields,
          title: contentFields.title.optional(),
          body: contentFields.body.optional(),
        }),
        response: { 200: versionSchema, ...errorResponses },
      },
    },
    (request) =>
      knowledge.updateDraft(
        caller(request).workspaceId,
        request.params.entryId,
        request.params.version,
        request.body,
        actorOf(request),
      ),
  );

  const transition = (
    path: string,
    summary: string,
    config: { auth: RouteAuth },
    run: (workspaceId: string, entryId: string, version: number, actor: string) => Promise<unknown>,
  ) =>
    app.post(
      `/knowledge/entries/:entryId/versions/:version/${path}`,
      {
        config,
        schema: {
          tags,
          summary,
          params: versionParams,
          body: z.strictObject({}).nullish(),
          response: { 200: versionSchema, ...errorResponses },
        },
      },
      (request) =>
        run(
          caller(request).workspaceId,
          request.params.entryId,
          request.params.version,
          actorOf(request),
        ) as Promise<z.infer<typeof versionSchema>>,
    );

  transition("submit", "Send a draft for review", authors, (ws, id, v) =>
    knowledge.setReview(ws, id, v, true),
  );
  transition("reopen", "Send a version in review back to draft", authors, (ws, id, v) =>
    knowledge.setReview(ws, id, v, false),
  );
  transition(
    "publish",
    "Publish atomically (409 KNOWLEDGE_STALE_DRAFT if another version was published since the draft began)",
    publishers,
    (ws, id, v, actor) => knowledge.publish(ws, id, v, actor),
  );
  transition(
    "archive",
    "Withdraw a draft, a review or a scheduled version that has not taken effect",
    publishers,
    (ws, id, v, actor) => knowledge.archive(ws, id, v, actor),
  );

  app.post(
    "/knowledge/entries/:entryId/retire",
    {
      config: publishers,
      schema: {
        tags,
        summary: "Take an entry out of force now (history is kept)",
        params: entryParams,
        body: z.strictObject({}).nullish(),
        response: { 200: entrySchema, ...errorResponses },
      },
    },
    (request) => knowledge.retire(caller(request).workspaceId, request.params.entryId, actorOf(request)),
  );

  app.get(
    "/knowledge/entries/:entryId/diff",
    {
      config: readers,
      schema: {
        tags,
        summary: "Changed fields and a unified diff of the body between two versions",
        params: entryParams,
        querystring: z.strictObject({
          from: z.coerce.number().int().min(1),
          to: z.coerce.number().int().min(1),
        }),
        response: {
          200: z.object({
            from: z.number().int(),
            to: z.number().int(),
            changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
            bodyPatch: z.string(),
          }),
          ...errorResponses,
        },
      },
    },
    (request) =>
      knowledge.diff(
        caller(request).workspaceId,
        request.params.entryId,
        request.query.from,
        request.query.to,
        {
          includeUnpublished: canSeeUnpublished(request),
        },
      ),
  );

  app.get(
    "/knowledge/policies/:policyType",
    {
      config: readers,
      schema: {
        tags,
        summary:
          "Structured parameters of a policy in force (what tools apply), defaults when none is published",
        params: z.strictObject({ policyType: z.enum(POLICY_TYPES) }),
        querystring: atQuery,
        response: {
          200: z.object({
            policyType: z.enum(POLICY_TYPES),
            params: z.record(z.string(), z.unknown()),
            source: z.object({ entryId: z.string(), version: z.number().int() }).nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { workspaceId } = caller(request);
      const { policyType } = request.params;
      const { at } = request.query;
      const read = POLICY_READERS[policyType];
      if (read) {
        const { value, source } = await read(policies, workspaceId, at);
        return { policyType, params: value as Record<string, unknown>, source };
      }
      const found = await knowledge.policyInForce(workspaceId, policyType, at);
      const defaults = POLICY_PARAM_SCHEMAS[policyType].parse({}) as Record<string, unknown>;
      return {
        policyType,
        params: { ...defaults, ...(found?.params ?? {}) },
        source: found ? { entryId: found.entryId, version: found.version } : null,
      };
    },
  );

  app.post(
    "/knowledge/import",
    {
      config: publishers,
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary: "Import Markdown files with front matter, all or nothing",
        body: z.strictObject({
          files: z.array(fileSchema).min(1).max(2000),
          publish: z.boolean().default(false).describe("Publish changed files; otherwise they become drafts"),
        }),
        response: {
          200: z.object({
            files: z.array(
              z.object({
                path: z.string(),
                slug: z.string(),
                entryId: z.string(),
                action: z.enum(["created", "updated", "unchanged"]),
                version: z.number().int(),
                status: z.string(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    (request) =>
      knowledge.importFiles(caller(request).workspaceId, request.body.files, {
        publish: request.body.publish,
        actor: actorOf(request),
      }),
  );

  app.get(
    "/knowledge/export",
    {
      config: authors,
      schema: {
        tags,
        operationId: "exportKnowledge",
        summary: "Every entry as a Markdown file with front matter ({ path, content } list)",
        querystring: z.strictObject({
          at: isoDate.optional(),
          versions: z.enum(["in_force", "latest"]).default("in_force"),
        }),
        response: { 200: z.object({ files: z.array(fileSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ files: await knowledge.exportFiles(caller(request).workspaceId, request.query) }),
  );
};

type PolicyReader = (
  policies: PolicySource,
  workspaceId: string,
  at: Date | undefined,
) => Promise<{ value: object; source: { entryId: string; version: number } | null }>;

/** The policy types tools read through PolicySource; the API answers them through the same path. */
const POLICY_READERS: Partial<Record<PolicyType, PolicyReader>> = {
  returns: (policies, workspaceId, at) => policies.returnPolicy(workspaceId, at),
  shipping: (policies, workspaceId, at) => policies.shippingPolicy(workspaceId, at),
  order_changes: (policies, workspaceId, at) => policies.orderChangePolicy(workspaceId, at),
};
