import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Clock } from "../core/clock";
import { conflict, notFound, unauthorized } from "../core/errors";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import { workspaces } from "../workspaces/workspaces.schema";
import { apiKeys, sessions, staffUsers } from "./auth.schema";
import type { ApiKeyInfo, AuthContext, StaffUser } from "./auth.types";
import { hashPassword, verifyPassword } from "./lib/password-hash";
import type { Role } from "./roles";

export const API_KEY_PREFIX = "tl_";
const SESSION_PREFIX = "tls_";

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const randomToken = (prefix: string) => `${prefix}${randomBytes(32).toString("base64url")}`;

// Compared against when the user does not exist, so response time does not reveal which emails are staff.
const DUMMY_HASH_PROMISE = hashPassword(randomBytes(16).toString("hex"));

const toKeyInfo = (row: typeof apiKeys.$inferSelect): ApiKeyInfo => ({
  id: row.id,
  name: row.name,
  role: row.role,
  keyPrefix: row.keyPrefix,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
});

const toUser = (row: typeof staffUsers.$inferSelect): StaffUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  disabledAt: row.disabledAt,
  createdAt: row.createdAt,
});

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(deps: { db: Db; clock: Clock; sessionTtlHours: number }) {
  const { db, clock } = deps;

  return {
    /** Returns the plaintext key once; only its hash is stored. */
    async createApiKey(
      workspaceId: string,
      input: { name: string; role: Role; createdBy?: string; value?: string },
    ): Promise<ApiKeyInfo & { key: string }> {
      const key = input.value ?? randomToken(API_KEY_PREFIX);
      const [row] = await db
        .insert(apiKeys)
        .values({
          id: newId("apiKey"),
          workspaceId,
          name: input.name,
          role: input.role,
          keyHash: sha256(key),
          keyPrefix: key.slice(0, 8),
          createdBy: input.createdBy ?? null,
          createdAt: clock.now(),
        })
        .returning();
      if (!row) throw new Error("api key insert returned nothing");
      return { ...toKeyInfo(row), key };
    },

    /**
     * Makes sure a key with exactly this value exists (bootstrap for automation). A key an
     * admin revoked stays revoked: the environment variable is a way to create it once, not a
     * way to undo a revocation on the next restart.
     */
    async ensureApiKey(
      workspaceId: string,
      value: string,
      name: string,
      role: Role,
    ): Promise<"created" | "existing" | "revoked"> {
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.keyHash, sha256(value)));
      if (row) {
        if (row.workspaceId !== workspaceId)
          throw conflict("AUTH_KEY_IN_USE", "key belongs to another workspace");
        return row.revokedAt ? "revoked" : "existing";
      }
      await this.createApiKey(workspaceId, { name, role, value });
      return "created";
    },

    async listApiKeys(workspaceId: string): Promise<ApiKeyInfo[]> {
      const rows = await db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.workspaceId, workspaceId))
        .orderBy(desc(apiKeys.createdAt));
      return rows.map(toKeyInfo);
    },

    async revokeApiKey(workspaceId: string, id: string): Promise<ApiKeyInfo> {
      const [row] = await db
        .update(apiKeys)
        .set({ revokedAt: clock.now() })
        .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)))
        .returning();
      if (!row) throw notFound("AUTH_KEY_NOT_FOUND", "api key not found");
      return toKeyInfo(row);
    },

    async createUser(
      workspaceId: string,
      input: { email: string; name: string; role: Role; password: string },
    ): Promise<StaffUser> {
      const email = input.email.trim().toLowerCase();
      // The unique (workspace, email) constraint decides, so concurrent creations cannot both
      // pass a prior existence check; the loser sees no row and gets a conflict, not a 500.
      const [row] = await db
        .insert(staffUsers)
        .values({
          id: newId("user"),
          workspaceId,
          email,
          name: input.name,
          role: input.role,
          passwordHash: await hashPassword(input.password),
          createdAt: clock.now(),
        })
        .onConflictDoNothing({ target: [staffUsers.workspaceId, staffUsers.email] })
        .returning();
      if (!row) throw conflict("AUTH_USER_EXISTS", "a staff user with this email exists", { field: "email" });
      return toUser(row);
    },

    async listUsers(workspaceId: string): Promise<StaffUser[]> {
      const rows = await db
        .select()
        .from(staffUsers)
        .where(eq(staffUsers.workspaceId, workspaceId))
        .orderBy(staffUsers.email);
      return rows.map(toUser);
    },

    async getUser(workspaceId: string, id: string): Promise<StaffUser> {
      const [row] = await db
        .select()
        .from(staffUsers)
        .where(and(eq(staffUsers.workspaceId, workspaceId), eq(staffUsers.id, id)));
      if (!row) throw notFound("AUTH_USER_NOT_FOUND", "staff user not found");
      return toUser(row);
    },

    /** True when the id is a staff user of this workspace who is not disabled. */
    async isActiveUser(workspaceId: string, id: string, on: Db = db): Promise<boolean> {
      const [row] = await on
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(
          and(eq(staffUsers.workspaceId, workspaceId), eq(staffUsers.id, id), isNull(staffUsers.disabledAt)),
        );
      return Boolean(row);
    },

    async login(
      workspaceSlug: string,
      email: string,
      password: string,
    ): Promise<{ token: string; expiresAt: Date; user: StaffUser; workspaceId: string }> {
      const [row] = await db
        .select({ user: staffUsers })
        .from(staffUsers)
        .innerJoin(workspaces, eq(workspaces.id, staffUsers.workspaceId))
        .where(and(eq(workspaces.slug, workspaceSlug), eq(staffUsers.email, email.trim().toLowerCase())));
      const user = row?.user;
      const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
      if (!user || !ok || user.disabledAt) {
        throw unauthorized("AUTH_LOGIN_FAILED", "workspace, email or password is wrong");
      }
      const now = clock.now();
      const token = randomToken(SESSION_PREFIX);
      const expiresAt = new Date(now.getTime() + deps.sessionTtlHours * 3_600_000);
      await db.insert(sessions).values({
        id: newId("session"),
        workspaceId: user.workspaceId,
        userId: user.id,
        tokenHash: sha256(token),
        createdAt: now,
        expiresAt,
      });
      return { token, expiresAt, user: toUser(user), workspaceId: user.workspaceId };
    },

    async logout(sessionId: string): Promise<void> {
      await db.update(sessions).set({ revokedAt: clock.now() }).where(eq(sessions.id, sessionId));
    },

    /** Resolves a bearer token to who is calling, or undefined. Never says why it failed. */
    async authenticate(token: string): Promise<AuthContext | undefined> {
      if (token.length > 200) return undefined;
      const hash = sha256(token);
      const now = clock.now();
      if (token.startsWith(SESSION_PREFIX)) {
        const [row] = await db
          .select({ session: sessions, user: staffUsers })
          .from(sessions)
          .innerJoin(staffUsers, eq(staffUsers.id, sessions.userId))
          .where(and(eq(sessions.tokenHash, hash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
        if (!row || row.user.disabledAt) return undefined;
        return {
          workspaceId: row.session.workspaceId,
          role: row.user.role,
          principal: { kind: "user", id: row.user.id, name: row.user.name },
          sessionId: row.session.id,
        };
      }
      const [key] = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)));
      if (!key) return undefined;
      // Coarse last-used stamp: at most one write per key per minute keeps hot keys cheap.
      if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
        await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, key.id));
      }
      return {
        workspaceId: key.workspaceId,
        role: key.role,
        principal: { kind: "api_key", id: key.id, name: key.name },
      };
    },
  };
}
