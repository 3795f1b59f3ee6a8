export { createAuthService, API_KEY_PREFIX, type AuthService } from "./auth.service";
export { ROLES, ROLE_SETS, type Role } from "./roles";
export type { AuthContext, ApiKeyInfo, StaffUser, Principal } from "./auth.types";
