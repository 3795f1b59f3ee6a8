import { sql } from "drizzle-orm";
import { entryNotFound } from "./knowledge.errors";
import type { Db } from "../db/client";

/** Deletes a knowledge entry with every version; search and policies read the tables per call, so it is gone at once. */
export async function deleteKnowledgeEntry(db: Db, workspaceId: string, entryId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM kb_versions WHERE workspace_id = ${workspaceId} AND entry_id = ${entryId}`);
    const result = (await tx.execute(
      sql`DELETE FROM kb_entries WHERE workspace_id = ${workspaceId} AND id = ${entryId}`,
    )) as unknown as { affectedRows?: number; rowCount?: number | null };
    if (!(result.affectedRows ?? result.rowCount ?? 0)) throw entryNotFound();
  });
}
