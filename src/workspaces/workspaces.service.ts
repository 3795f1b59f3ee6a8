import { z } from "zod";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { newId } from "../core/ids";
import { notFound } from "../core/errors";
import { workspaces } from "./workspaces.schema";
import type { Workspace, WorkspaceSettings } from "./workspaces.types";
import { createWidgetKeys } from "./widget-keys.service";

export const workspaceSettingsSchema = z.object({
  verificationTrustHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 365)
    .optional(),
  caseRecencyHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .optional(),
  defaultRegion: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  timezone: z.string().min(1).max(64).optional(),
  widgetOrigins: z.array(z.string()).max(50).optional(),
});

/** A site origin as a browser sends it: scheme, host, optional port; a leading `*.` allows subdomains. */
export const widgetOriginSchema = z
  .string()
  .max(253)
  .regex(
    /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/,
    "an origin such as https://shop.example (lowercase, no path or trailing slash)",
  );

/** Pass the transaction handle when called inside one: PGlite has one connection, so the outer handle would wait forever. */
export type WorkspaceSettingsReader = { get(workspaceId: string, db?: Db): Promise<WorkspaceSettings> };
export type WorkspacesService = ReturnType<typeof createWorkspacesService>;

export function createWorkspacesService(deps: {
  db: Db;
  defaults: { verificationTrustHours: number; caseRecencyHours: number };
}) {
  const resolveSettings = (raw: Record<string, unknown>): WorkspaceSettings => {
    const parsed = workspaceSettingsSchema.safeParse(raw);
    const stored = parsed.success ? parsed.data : {};
    return {
      verificationTrustHours: stored.verificationTrustHours ?? deps.defaults.verificationTrustHours,
      caseRecencyHours: stored.caseRecencyHours ?? deps.defaults.caseRecencyHours,
      defaultRegion: stored.defaultRegion ?? "US",
      timezone: stored.timezone ?? "UTC",
      widgetOrigins: (stored.widgetOrigins ?? []).filter((origin) => widgetOriginSchema.safeParse(origin).success),
    };
  };
  const toWorkspace = (row: typeof workspaces.$inferSelect): Workspace => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    settings: resolveSettings(row.settings),
    createdAt: row.createdAt,
  });

  return {
    async create(input: {
      slug: string;
      name: string;
      settings?: Partial<WorkspaceSettings>;
    }): Promise<Workspace> {
      const [row] = await deps.db
        .insert(workspaces)
        .values({
          id: newId("workspace"),
          slug: input.slug,
          name: input.name,
          settings: input.settings ?? {},
        })
        .returning();
      if (!row) throw new Error("workspace insert returned nothing");
      await createWidgetKeys(deps.db, row.id);
      return toWorkspace(row);
    },

    async list(): Promise<Array<{ id: string; slug: string; name: string; createdAt: Date }>> {
      return deps.db
        .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, createdAt: workspaces.createdAt })
        .from(workspaces)
        .orderBy(workspaces.createdAt);
    },

    async findBySlug(slug: string): Promise<Workspace | undefined> {
      const [row] = await deps.db.select().from(workspaces).where(eq(workspaces.slug, slug));
      return row ? toWorkspace(row) : undefined;
    },

    async get(id: string): Promise<Workspace> {
      const [row] = await deps.db.select().from(workspaces).where(eq(workspaces.id, id));
      if (!row) throw notFound("WORKSPACES_NOT_FOUND", "workspace not found");
      return toWorkspace(row);
    },

    async updateSettings(id: string, patch: z.infer<typeof workspaceSettingsSchema>): Promise<Workspace> {
      const current = await this.get(id);
      const [row] = await deps.db
        .update(workspaces)
        .set({ settings: { ...current.settings, ...patch } })
        .where(eq(workspaces.id, id))
        .returning();
      if (!row) throw notFound("WORKSPACES_NOT_FOUND", "workspace not found");
      return toWorkspace(row);
    },

    settings: {
      async get(workspaceId: string, db: Db = deps.db): Promise<WorkspaceSettings> {
        const [row] = await db
          .select({ settings: workspaces.settings })
          .from(workspaces)
          .where(eq(workspaces.id, workspaceId));
        return resolveSettings(row?.settings ?? {});
      },
    } satisfies WorkspaceSettingsReader,
  };
}
