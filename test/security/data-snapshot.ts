import type { Database } from "../../src/db/client";

/** Bookkeeping that any authenticated request may touch; everything else must stay byte-identical. */
const VOLATILE_COLUMNS = ["last_used_at"];

/**
 * Row count and content hash of every table holding the workspace's data (found from the
 * catalogue, so tables added later are covered without editing this list).
 */
export async function snapshotWorkspace(
  database: Database,
  workspaceId: string,
): Promise<Record<string, string>> {
  const tables = await database.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
     WHERE column_name = 'workspace_id' AND table_schema = current_schema() ORDER BY table_name`,
  );
  const snapshot: Record<string, string> = {};
  const targets = [
    { table: "workspaces", column: "id" },
    ...tables.map((row) => ({ table: row.table_name, column: "workspace_id" })),
  ];
  for (const { table, column } of targets) {
    const [row] = await database.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n,
              md5(coalesce(string_agg((to_jsonb(t) - $2::text[])::text, '|' ORDER BY (to_jsonb(t) - $2::text[])::text), '')) AS h
       FROM "${table}" t WHERE "${column}" = $1`,
      [workspaceId, VOLATILE_COLUMNS],
    );
    snapshot[table] = `${row?.n} rows ${row?.h}`;
  }
  return snapshot;
}
