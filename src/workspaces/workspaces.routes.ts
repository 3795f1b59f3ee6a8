import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caller } from "../http/plugins/auth";
import { errorResponses } from "../http/schemas";
import { widgetOriginSchema, type WorkspacesService } from "./workspaces.service";

const workspaceSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    settings: z.object({
      verificationTrustHours: z.number(),
      caseRecencyHours: z.number(),
      defaultRegion: z.string(),
      timezone: z.string(),
      widgetOrigins: z.array(z.string()),
    }),
    createdAt: z.date(),
  })
  .meta({ id: "Workspace" });

export const workspacesRoutes: FastifyPluginAsync<{ workspaces: WorkspacesService }> = async (
  fastify,
  { workspaces },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/workspace",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags: ["workspace"],
        summary: "The caller's workspace and its settings",
        response: { 200: workspaceSchema, ...errorResponses },
      },
    },
    (request) => workspaces.get(caller(request).workspaceId),
  );

  app.patch(
    "/workspace/settings",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags: ["workspace"],
        summary: "Change trust window, case recency window, default phone region, time zone or widget sites",
        body: z.strictObject({
          verificationTrustHours: z.number().int().min(0).max(8760).optional(),
          caseRecencyHours: z.number().int().min(1).max(8760).optional(),
          defaultRegion: z
            .string()
            .regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2, e.g. US")
            .optional(),
          timezone: z
            .string()
            .max(64)
            .refine((zone) => {
              try {
                new Intl.DateTimeFormat("en", { timeZone: zone });
                return true;
              } catch {
                return false;
              }
            }, "unknown IANA time zone")
            .optional(),
          widgetOrigins: z
            .array(widgetOriginSchema)
            .max(50)
            .optional()
            .describe("Sites allowed to embed the chat widget, e.g. [\"https://shop.example\"]"),
        }),
        response: { 200: workspaceSchema, ...errorResponses },
      },
    },
    (request) => workspaces.updateSettings(caller(request).workspaceId, request.body),
  );
};
