import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { AuthService } from "../auth";
import { conflict, invalid } from "../core/errors";
import type { WorkspacesService } from "./workspaces.service";

export const workspaceSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "2–40 lower-case letters, digits and dashes, starting with a letter or digit");

export const newWorkspaceSchema = z.strictObject({
  slug: workspaceSlugSchema,
  name: z.string().trim().min(1).max(120),
  adminEmail: z.email().max(254),
  adminName: z.string().trim().min(1).max(120).optional(),
});
export type NewWorkspace = z.infer<typeof newWorkspaceSchema>;

/** Returned once, at creation: neither the password nor the key can be read again. */
export type ProvisionedWorkspace = {
  workspace: { id: string; slug: string; name: string };
  admin: { email: string; password: string };
  apiKey: string;
};

export type ProvisioningService = ReturnType<typeof createProvisioningService>;

/** A retailer's own workspace with its first admin and an admin API key, each secret generated here. */
export function createProvisioningService(deps: {
  workspaces: WorkspacesService;
  auth: Pick<AuthService, "createUser" | "createApiKey">;
}) {
  return {
    async create(input: NewWorkspace): Promise<ProvisionedWorkspace> {
      const parsed = newWorkspaceSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join(".") ?? "slug";
        throw invalid("WORKSPACES_INVALID", field, `${field}: ${issue?.message ?? "invalid"}`);
      }
      const { slug, name, adminEmail, adminName } = parsed.data;
      if (await deps.workspaces.findBySlug(slug))
        throw conflict("WORKSPACES_SLUG_TAKEN", `a workspace "${slug}" already exists`, { field: "slug" });
      const workspace = await deps.workspaces.create({ slug, name });
      const password = randomBytes(12).toString("base64url");
      await deps.auth.createUser(workspace.id, {
        email: adminEmail,
        name: adminName ?? "Administrator",
        role: "admin",
        password,
      });
      const { key } = await deps.auth.createApiKey(workspace.id, { name: "initial admin key", role: "admin" });
      return {
        workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
        admin: { email: adminEmail.trim().toLowerCase(), password },
        apiKey: key,
      };
    },

    async list(): Promise<Array<{ id: string; slug: string; name: string; createdAt: Date }>> {
      return deps.workspaces.list();
    },
  };
}
