export {
  createWorkspacesService,
  workspaceSettingsSchema,
  type WorkspacesService,
  type WorkspaceSettingsReader,
} from "./workspaces.service";
export type { Workspace, WorkspaceSettings } from "./workspaces.types";
