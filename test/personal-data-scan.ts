import type { SqlRunner } from "../src/db/client";

export type PersonalDataHit = { table: string; column: string; needle: string };

/**
 * Searches every column of every table that can hold text (text, varchar, json, jsonb, arrays,
 * bytea), read from information_schema so a table added later is searched too.
 */
export async function findPersonalData(
  db: SqlRunner,
  needles: string[],
  /** On a shared database: search only this workspace's rows (tables without workspace_id in full). */
  workspaceId?: string,
): Promise<PersonalDataHit[]> {
  const columns = await db.query<{ table_name: string; column_name: string; data_type: string; scoped: boolean }>(
    `SELECT c.table_name, c.column_name, c.data_type,
       EXISTS (SELECT 1 FROM information_schema.columns w WHERE w.table_schema = c.table_schema
               AND w.table_name = c.table_name AND w.column_name = 'workspace_id') AS scoped
     FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'bytea')`,
  );
  expectTablesFound(columns.length);
  const hits: PersonalDataHit[] = [];
  for (const { table_name: table, column_name: column, data_type: type, scoped } of columns) {
    const scope = workspaceId && scoped ? ` AND workspace_id = '${workspaceId.replace(/'/g, "''")}'` : "";
    const value = type === "bytea" ? `encode("${column}", 'escape')` : `"${column}"::text`;
    for (const needle of needles) {
      const [found] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table}" WHERE position(lower($1) in lower(${value})) > 0${scope}`,
        [needle],
      );
      if (found && found.n > 0) hits.push({ table, column, needle });
    }
  }
  return hits;
}

function expectTablesFound(columns: number): void {
  // A scan of nothing would pass vacuously.
  if (columns < 50) throw new Error(`only ${columns} text columns found; the scan would prove nothing`);
}
