export {
  createWorkspacesService,
  workspaceSettingsSchema,
  type WorkspacesService,
  type WorkspaceSettingsReader,
} from "./workspaces.service";
export type { Workspace, WorkspaceSettings } from "./workspaces.types";
export { createWidgetKeysService, type WidgetKeysService, type WidgetKeys } from "./widget-keys.service";
export { widgetKeysRoutes } from "./widget-keys.routes";
export {
  createProvisioningService,
  newWorkspaceSchema,
  workspaceSlugSchema,
  type ProvisioningService,
  type ProvisionedWorkspace,
} from "./provisioning.service";
export { operatorRoutes } from "./operator.routes";
export { ensureBootstrapKey, firstWorkspaceHint, type BootstrapKeyOutcome } from "./start-up";
