import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { widgetKeys } from "./widget-keys.schema";

export type WidgetKeys = { publicKey: string; secret: string; rotatedAt: Date };

export const WIDGET_PUBLIC_KEY_PREFIX = "pk_";
const newPublicKey = () => `${WIDGET_PUBLIC_KEY_PREFIX}${randomBytes(18).toString("base64url")}`;
const newSecret = () => `wsk_${randomBytes(32).toString("base64url")}`;

/** Stores a new workspace's widget keys (with the workspace, so reading them never writes). */
export async function createWidgetKeys(db: Db, workspaceId: string): Promise<void> {
  await db.insert(widgetKeys).values({ workspaceId, publicKey: newPublicKey(), secret: newSecret() }).onConflictDoNothing();
}

export type WidgetKeysService = ReturnType<typeof createWidgetKeysService>;

/**
 * The web widget's credentials per workspace. Generated on first use, never a default: the
 * public key identifies the workspace in a page, the secret signs identity tokens.
 */
export function createWidgetKeysService(deps: { db: Db }) {
  const read = async (workspaceId: string) => {
    const [row] = await deps.db.select().from(widgetKeys).where(eq(widgetKeys.workspaceId, workspaceId));
    return row;
  };
  return {
    async get(workspaceId: string): Promise<WidgetKeys> {
      const existing = await read(workspaceId);
      if (existing) return existing;
      // A workspace created before widget keys existed gets them on first read; two at once: one insert wins.
      await createWidgetKeys(deps.db, workspaceId);
      const created = await read(workspaceId);
      if (!created) throw new Error("widget keys were not stored");
      return created;
    },

    /** A new secret (identity tokens signed with the old one stop verifying), or a new public key. */
    async rotate(workspaceId: string, which: "secret" | "publicKey"): Promise<WidgetKeys> {
      await this.get(workspaceId);
      const [row] = await deps.db
        .update(widgetKeys)
        .set({ ...(which === "secret" ? { secret: newSecret() } : { publicKey: newPublicKey() }), rotatedAt: new Date() })
        .where(eq(widgetKeys.workspaceId, workspaceId))
        .returning();
      if (!row) throw new Error("widget keys vanished during rotation");
      return row;
    },

    async workspaceOfPublicKey(publicKey: string): Promise<string | undefined> {
      if (!publicKey.startsWith(WIDGET_PUBLIC_KEY_PREFIX)) return undefined;
      const [row] = await deps.db
        .select({ workspaceId: widgetKeys.workspaceId })
        .from(widgetKeys)
        .where(eq(widgetKeys.publicKey, publicKey));
      return row?.workspaceId;
    },

    /** The secret that signs this workspace's identity tokens. */
    async secret(workspaceId: string): Promise<string> {
      return (await this.get(workspaceId)).secret;
    },
  };
}
