export const ROLES = ["agent", "supervisor", "admin", "executive"] as const;
export type Role = (typeof ROLES)[number];

/** Role sets routes declare; named for who may call, so a route's guard reads as a sentence. */
export const ROLE_SETS = {
  staff: ["agent", "supervisor", "admin"],
  anyone: ["agent", "supervisor", "admin", "executive"],
  managers: ["supervisor", "admin"],
  admins: ["admin"],
  analysts: ["supervisor", "admin", "executive"],
} as const satisfies Record<string, readonly Role[]>;
