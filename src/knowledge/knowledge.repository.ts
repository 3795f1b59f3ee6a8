import { and, asc, desc, eq, gt, inArray, lte, max, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { kbEntries, kbVersions } from "./knowledge.schema";
import { SNIPPET_START, SNIPPET_STOP } from "./lib/render-snippet";
import type { EntryKind, PolicyType, SearchFilters, VersionStatus } from "./knowledge.types";

export type EntryRow = typeof kbEntries.$inferSelect;
export type VersionRow = typeof kbVersions.$inferSelect;

const PUBLISHED_STATUSES: VersionStatus[] = ["published", "superseded"];

export type SearchRow = {
  entryId: string;
  versionId: string;
  version: number;
  slug: string;
  kind: EntryKind;
  policyType: PolicyType | null;
  title: string;
  category: string | null;
  headline: string;
  score: number;
  effectiveFrom: Date;
  effectiveTo: Date | null;
};

const toDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value));

/** `db.execute` answers `{ rows }` on both node-postgres and PGlite. */
async function rowsOf(db: Db, query: SQL): Promise<Record<string, unknown>[]> {
  const result = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
}

/** Filters shared by search and listing; an empty list in a version's scope or channels means "all". */
function filterConditions(filters: SearchFilters, v = sql`v`, e = sql`e`): SQL[] {
  const conditions: SQL[] = [];
  if (filters.kind) conditions.push(sql`${e}.kind = ${filters.kind}`);
  if (filters.policyType) conditions.push(sql`${e}.policy_type = ${filters.policyType}`);
  if (filters.category) conditions.push(sql`${v}.category = ${filters.category}`);
  if (filters.channel) {
    conditions.push(sql`(cardinality(${v}.channels) = 0 OR ${filters.channel} = ANY(${v}.channels))`);
  }
  if (filters.locale) {
    const language = filters.locale.split("-")[0] ?? filters.locale;
    conditions.push(sql`(${v}.locale = ${filters.locale} OR ${v}.locale = ${language})`);
  }
  const scoped = (axis: string, value: string | undefined) => {
    if (!value) return;
    conditions.push(
      sql`(jsonb_array_length(${v}.scope -> ${axis}) = 0 OR ${v}.scope -> ${axis} @> jsonb_build_array(${value}::text))`,
    );
  };
  scoped("stores", filters.store);
  scoped("regions", filters.region);
  scoped("categories", filters.productCategory);
  return conditions;
}

/**
 * True when no other published version of the same entry started later (but not after `at`):
 * the version with the latest start at or before `at` is the one in force, if it has not ended.
 */
const isLatestStarted = (at: Date) => sql`NOT EXISTS (
  SELECT 1 FROM kb_versions w
  WHERE w.entry_id = v.entry_id AND w.status IN ('published', 'superseded') AND w.effective_from <= ${at}
    AND (w.effective_from, w.version) > (v.effective_from, v.version))`;

export function knowledgeRepository(db: Db) {
  return {
    async insertEntry(row: typeof kbEntries.$inferInsert): Promise<EntryRow> {
      const [inserted] = await db.insert(kbEntries).values(row).returning();
      if (!inserted) throw new Error("knowledge entry insert returned nothing");
      return inserted;
    },

    async findEntry(workspaceId: string, id: string): Promise<EntryRow | undefined> {
      const [row] = await db
        .select()
        .from(kbEntries)
        .where(and(eq(kbEntries.workspaceId, workspaceId), eq(kbEntries.id, id)));
      return row;
    },

    async findEntryBySlug(workspaceId: string, slug: string): Promise<EntryRow | undefined> {
      const [row] = await db
        .select()
        .from(kbEntries)
        .where(and(eq(kbEntries.workspaceId, workspaceId), eq(kbEntries.slug, slug)));
      return row;
    },

    async findEntryByPolicyType(workspaceId: string, policyType: PolicyType): Promise<EntryRow | undefined> {
      const [row] = await db
        .select()
        .from(kbEntries)
        .where(and(eq(kbEntries.workspaceId, workspaceId), eq(kbEntries.policyType, policyType)))
        .orderBy(asc(kbEntries.id))
        .limit(1);
      return row;
    },

    /** Serialises every change to one entry's versions (publishing above all). */
    async lockEntry(workspaceId: string, id: string): Promise<EntryRow | undefined> {
      const [row] = await db
        .select()
        .from(kbEntries)
        .where(and(eq(kbEntries.workspaceId, workspaceId), eq(kbEntries.id, id)))
        .for("update");
      return row;
    },

    async touchEntry(workspaceId: string, id: string, now: Date): Promise<void> {
      await db
        .update(kbEntries)
        .set({ updatedAt: now })
        .where(and(eq(kbEntries.workspaceId, workspaceId), eq(kbEntries.id, id)));
    },

    async listEntries(
      workspaceId: string,
      options: {
        kind?: EntryKind;
        policyType?: PolicyType;
        slugs?: string[];
        afterId?: string;
        limit: number;
      },
    ): Promise<EntryRow[]> {
      return db
        .select()
        .from(kbEntries)
        .where(
          and(
            eq(kbEntries.workspaceId, workspaceId),
            options.kind ? eq(kbEntries.kind, options.kind) : undefined,
            options.policyType ? eq(kbEntries.policyType, options.policyType) : undefined,
            options.slugs ? inArray(kbEntries.slug, options.slugs) : undefined,
            options.afterId ? gt(kbEntries.id, options.afterId) : undefined,
          ),
        )
        .orderBy(asc(kbEntries.id))
        .limit(options.limit);
    },

    async insertVersion(row: typeof kbVersions.$inferInsert): Promise<VersionRow> {
      const [inserted] = await db.insert(kbVersions).values(row).returning();
      if (!inserted) throw new Error("knowledge version insert returned nothing");
      return inserted;
    },

    async updateVersion(
      workspaceId: string,
      id: string,
      patch: Partial<Omit<VersionRow, "id" | "workspaceId" | "entryId" | "version">>,
    ): Promise<VersionRow> {
      const [row] = await db
        .update(kbVersions)
        .set(patch)
        .where(and(eq(kbVersions.workspaceId, workspaceId), eq(kbVersions.id, id)))
        .returning();
      if (!row) throw new Error(`knowledge version ${id} vanished during update`);
      return row;
    },

    /** Marks every still-published version of the entry superseded, except `keepId`. */
    async supersedeOthers(workspaceId: string, entryId: string, keepId: string, now: Date): Promise<void> {
      await db
        .update(kbVersions)
        .set({ status: "superseded", supersededAt: now, updatedAt: now })
        .where(
          and(
            eq(kbVersions.workspaceId, workspaceId),
            eq(kbVersions.entryId, entryId),
            eq(kbVersions.status, "published"),
            sql`${kbVersions.id} <> ${keepId}`,
          ),
        );
    },

    async findVersion(
      workspaceId: string,
      entryId: string,
      version: number,
    ): Promise<VersionRow | undefined> {
      const [row] = await db
        .select()
        .from(kbVersions)
        .where(
          and(
            eq(kbVersions.workspaceId, workspaceId),
            eq(kbVersions.entryId, entryId),
            eq(kbVersions.version, version),
          ),
        );
      return row;
    },

    async listVersions(workspaceId: string, entryId: string): Promise<VersionRow[]> {
      return db
        .select()
        .from(kbVersions)
        .where(and(eq(kbVersions.workspaceId, workspaceId), eq(kbVersions.entryId, entryId)))
        .orderBy(asc(kbVersions.version));
    },

    async latestVersionNumbers(
      workspaceId: string,
      entryIds: string[],
    ): Promise<Map<string, { latest: number; latestPublished: number | null }>> {
      if (entryIds.length === 0) return new Map();
      const rows = await db
        .select({
          entryId: kbVersions.entryId,
          latest: max(kbVersions.version),
          latestPublished: sql<number | null>`max(${kbVersions.version}) FILTER (WHERE ${inArray(
            kbVersions.status,
            PUBLISHED_STATUSES,
          )})`.mapWith((value) => (value === null ? null : Number(value))),
        })
        .from(kbVersions)
        .where(and(eq(kbVersions.workspaceId, workspaceId), inArray(kbVersions.entryId, entryIds)))
        .groupBy(kbVersions.entryId);
      return new Map(
        rows.map((row) => [row.entryId, { latest: row.latest ?? 0, latestPublished: row.latestPublished }]),
      );
    },

    /** The published history of one entry, newest start first. */
    async publishedVersions(workspaceId: string, entryId: string): Promise<VersionRow[]> {
      return db
        .select()
        .from(kbVersions)
        .where(
          and(
            eq(kbVersions.workspaceId, workspaceId),
            eq(kbVersions.entryId, entryId),
            inArray(kbVersions.status, PUBLISHED_STATUSES),
          ),
        )
        .orderBy(desc(kbVersions.effectiveFrom), desc(kbVersions.version));
    },

    /**
     * The version of each entry in force at `at`: among published versions that have started,
     * the one with the latest start, provided it has not ended. Computed on every read, so a
     * publish or a scheduled start is seen by the very next request on any node.
     */
    async inForce(workspaceId: string, entryIds: string[], at: Date): Promise<Map<string, VersionRow>> {
      if (entryIds.length === 0) return new Map();
      const started = await db
        .selectDistinctOn([kbVersions.entryId])
        .from(kbVersions)
        .where(
          and(
            eq(kbVersions.workspaceId, workspaceId),
            inArray(kbVersions.entryId, entryIds),
            inArray(kbVersions.status, PUBLISHED_STATUSES),
            lte(kbVersions.effectiveFrom, at),
          ),
        )
        .orderBy(kbVersions.entryId, desc(kbVersions.effectiveFrom), desc(kbVersions.version));
      return new Map(
        started
          .filter((row) => row.effectiveTo === null || row.effectiveTo > at)
          .map((row) => [row.entryId, row]),
      );
    },

    /**
     * Ranked full-text search over the versions in force at `at`. `any` matches entries with any
     * of the words and ranks those with all of them first; `all` uses web-search syntax.
     * Headlines are computed for the returned page only.
     */
    async search(
      workspaceId: string,
      query: { q: string; match: "any" | "all"; limit: number; at: Date } & SearchFilters,
    ): Promise<SearchRow[]> {
      const allWords = sql`websearch_to_tsquery('english', ${query.q})`;
      const tsquery =
        query.match === "all"
          ? allWords
          : sql`coalesce(nullif(replace(plainto_tsquery('english', ${query.q})::text, ' & ', ' | '), '')::tsquery, ''::tsquery)`;
      const filters = filterConditions(query);
      // Starting parallel workers costs more than it saves at knowledge-base sizes (measured
      // by bench/knowledge-search.ts), so the ranking scan runs in one process.
      const rows = await db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL max_parallel_workers_per_gather = 0`);
        return rowsOf(
          tx,
          sql`WITH hits AS (
          SELECT v.id, v.entry_id, v.version, v.title, v.category, v.body_text, v.effective_from, v.effective_to,
                 e.slug, e.kind, e.policy_type,
                 ts_rank(v.search, q.any_words, 1) + CASE WHEN v.search @@ q.all_words THEN 1 ELSE 0 END AS score
          FROM kb_versions v
          JOIN kb_entries e ON e.id = v.entry_id AND e.workspace_id = v.workspace_id,
               (SELECT ${tsquery} AS any_words, ${allWords} AS all_words) q
          WHERE v.workspace_id = ${workspaceId}
            AND v.status IN ('published', 'superseded')
            AND v.search @@ q.any_words
            AND v.effective_from <= ${query.at}
            AND (v.effective_to IS NULL OR v.effective_to > ${query.at})
            AND ${isLatestStarted(query.at)}
            ${filters.length ? sql`AND ${sql.join(filters, sql` AND `)}` : sql``}
          ORDER BY score DESC, v.entry_id
          LIMIT ${query.limit}
        )
        SELECT hits.*, ts_headline('english',
                 replace(replace(hits.body_text, ${SNIPPET_START}, ''), ${SNIPPET_STOP}, ''),
                 (SELECT ${tsquery}),
                 ${`StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`}
               ) AS headline
        FROM hits ORDER BY score DESC, entry_id`,
        );
      });
      return rows.map((row) => ({
        entryId: String(row.entry_id),
        versionId: String(row.id),
        version: Number(row.version),
        slug: String(row.slug),
        kind: row.kind as EntryKind,
        policyType: (row.policy_type ?? null) as PolicyType | null,
        title: String(row.title),
        category: (row.category ?? null) as string | null,
        headline: String(row.headline ?? ""),
        score: Number(row.score),
        effectiveFrom: toDate(row.effective_from) as Date,
        effectiveTo: toDate(row.effective_to),
      }));
    },
  };
}

export type KnowledgeRepository = ReturnType<typeof knowledgeRepository>;
