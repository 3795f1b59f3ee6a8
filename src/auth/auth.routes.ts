import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { isAppError } from "../core/errors";
import { caller } from "../http/plugins/auth";
import { errorResponses, idParam, shortText } from "../http/schemas";
import type { AuthService } from "./auth.service";
import { ROLE_SETS, ROLES } from "./roles";

const tags = ["auth"];

const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    disabledAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "StaffUser" });

const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    keyPrefix: z.string(),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
  })
  .meta({ id: "ApiKey" });

export const authRoutes: FastifyPluginAsync<{ auth: AuthService }> = async (fastify, { auth }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    "/auth/login",
    {
      config: { auth: "public", countsAuthFailures: true },
      schema: {
        tags,
        operationId: "login",
        summary: "Staff login; returns a session token to send as a Bearer token",
        security: [],
        body: z.strictObject({
          workspace: shortText(64).describe("Workspace slug"),
          email: z.string().trim().min(3).max(320),
          password: z.string().min(1).max(1024),
        }),
        response: {
          200: z.object({
            token: z.string(),
            expiresAt: z.date(),
            workspaceId: z.string(),
            user: userSchema,
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { workspace, email, password } = request.body;
      // A locked account is refused before its password is checked, so guessing stops paying off.
      await fastify.loginThrottle.check(reply, workspace, email);
      try {
        const session = await auth.login(workspace, email, password);
        await fastify.loginThrottle.succeeded(workspace, email).catch(() => undefined);
        return session;
      } catch (error) {
        if (isAppError(error) && error.code === "AUTH_LOGIN_FAILED") {
          await fastify.loginThrottle.failed(workspace, email).catch(() => undefined);
        }
        throw error;
      }
    },
  );

  app.post(
    "/auth/logout",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: { tags, operationId: "logout", summary: "End the current session", response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      const context = caller(request);
      if (context.sessionId) await auth.logout(context.sessionId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/auth/me",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags,
        summary: "Who the credentials belong to",
        response: {
          200: z.object({
            workspaceId: z.string(),
            role: z.enum(ROLES),
            principal: z.object({ kind: z.enum(["api_key", "user"]), id: z.string(), name: z.string() }),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => {
      const { workspaceId, role, principal } = caller(request);
      return { workspaceId, role, principal };
    },
  );

  app.get(
    "/api-keys",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags,
        summary: "List API keys (never their values)",
        response: { 200: z.object({ apiKeys: z.array(apiKeySchema) }), ...errorResponses },
      },
    },
    async (request) => ({ apiKeys: await auth.listApiKeys(caller(request).workspaceId) }),
  );

  app.post(
    "/api-keys",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags,
        summary: "Create an API key; its value is returned once",
        body: z.strictObject({ name: shortText(100), role: z.enum(ROLES).default("agent") }),
        response: { 201: apiKeySchema.extend({ key: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const context = caller(request);
      const created = await auth.createApiKey(context.workspaceId, {
        ...request.body,
        createdBy: context.principal.id,
      });
      return reply.status(201).send(created);
    },
  );

  app.delete(
    "/api-keys/:keyId",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags,
        summary: "Revoke an API key",
        params: idParam("keyId", "API key id"),
        response: { 200: apiKeySchema, ...errorResponses },
      },
    },
    (request) => auth.revokeApiKey(caller(request).workspaceId, request.params.keyId),
  );

  app.get(
    "/users",
    {
      config: { auth: { roles: ROLE_SETS.managers } },
      schema: {
        tags,
        summary: "List staff users",
        response: { 200: z.object({ users: z.array(userSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ users: await auth.listUsers(caller(request).workspaceId) }),
  );

  app.post(
    "/users",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags,
        summary: "Create a staff user",
        body: z.strictObject({
          email: z.email().max(320),
          name: shortText(200),
          role: z.enum(ROLES),
          password: z.string().min(12, "at least 12 characters").max(1024),
        }),
        response: { 201: userSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await auth.createUser(caller(request).workspaceId, request.body)),
  );
};
