import type { Role } from "./roles";

export type Principal = { kind: "api_key" | "user"; id: string; name: string };

/** Who is calling and for which workspace; attached to every authenticated request. */
export type AuthContext = { workspaceId: string; role: Role; principal: Principal; sessionId?: string };

export type ApiKeyInfo = {
  id: string;
  name: string;
  role: Role;
  keyPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export type StaffUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
  createdAt: Date;
};
