import type { AuthService } from "../auth";
import type { WorkspacesService } from "./workspaces.service";

export type BootstrapKeyOutcome = "created" | "existing" | "revoked" | "no-workspace";

/** THROUGHLINE_BOOTSTRAP_API_KEY for the workspace named by THROUGHLINE_BOOTSTRAP_WORKSPACE. */
export async function ensureBootstrapKey(
  deps: { workspaces: WorkspacesService; auth: Pick<AuthService, "ensureApiKey"> },
  slug: string,
  key: string,
): Promise<BootstrapKeyOutcome> {
  const workspace = await deps.workspaces.findBySlug(slug);
  if (!workspace) return "no-workspace";
  return deps.auth.ensureApiKey(workspace.id, key, "bootstrap", "admin");
}

/** What a clean start without the demo prints, so the next step is one command away. */
export function firstWorkspaceHint(): string[] {
  return [
    "  No workspace yet. Create yours (prints the admin's one-time password and an API key):",
    '    npx throughline workspace create <slug> --name "<Shop name>" --admin-email <you@example.com>',
  ];
}
