import { isDeepStrictEqual } from "node:util";
import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import { withRetry } from "../db/with-retry";
import {
  alreadyInEffect,
  bodyTooLarge,
  effectiveOverlap,
  effectiveRangeInvalid,
  entryNotFound,
  importInvalid,
  invalidTransition,
  kindChanged,
  nothingInForce,
  policyTypeNotAllowed,
  policyTypeRequired,
  policyTypeTaken,
  slugTaken,
  staleDraft,
  versionNotEditable,
  versionNotFound,
} from "./knowledge.errors";
import {
  knowledgeRepository,
  type EntryRow,
  type KnowledgeRepository,
  type VersionRow,
} from "./knowledge.repository";
import type {
  EntryKind,
  KnowledgeEntry,
  KnowledgeEntryView,
  KnowledgePassage,
  KnowledgeVersion,
  MarkdownFile,
  NewEntry,
  PolicyType,
  SearchQuery,
  VersionContent,
  VersionSummary,
} from "./knowledge.types";
import { diffVersions, type VersionDiff } from "./lib/diff-versions";
import { findScheduleConflict } from "./lib/find-schedule-conflict";
import { formatMarkdownFile } from "./lib/format-markdown-file";
import { markdownToText } from "./lib/markdown-to-text";
import { MAX_BODY_CHARS } from "./lib/markdown-file.schema";
import { parseMarkdownFile, type FileProblem } from "./lib/parse-markdown-file";
import { renderSnippet } from "./lib/render-snippet";
import { resolveEffectiveRange } from "./lib/resolve-effective-range";
import { validateParams } from "./lib/validate-params";
import { isAppError } from "../core/errors";

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;

export type ImportResult = {
  files: {
    path: string;
    slug: string;
    entryId: string;
    action: "created" | "updated" | "unchanged";
    version: number;
    status: string;
  }[];
};

const toEntry = (row: EntryRow): KnowledgeEntry => ({
  id: row.id,
  kind: row.kind,
  slug: row.slug,
  policyType: row.policyType,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const toVersion = (row: VersionRow): KnowledgeVersion => ({
  id: row.id,
  entryId: row.entryId,
  version: row.version,
  status: row.status,
  title: row.title,
  body: row.body,
  category: row.category,
  channels: row.channels,
  locale: row.locale,
  scope: row.scope,
  params: row.params,
  effectiveFrom: row.effectiveFrom,
  effectiveTo: row.effectiveTo,
  author: row.author,
  changeNote: row.changeNote,
  basedOnVersion: row.basedOnVersion,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  submittedAt: row.submittedAt,
  publishedAt: row.publishedAt,
  publishedBy: row.publishedBy,
  supersededAt: row.supersededAt,
  archivedAt: row.archivedAt,
});

const uniqueList = (values: string[] | undefined) => [
  ...new Set((values ?? []).map((v) => v.trim()).filter(Boolean)),
];

const PG_UNIQUE_VIOLATION = "23505";
const isUniqueViolation = (error: unknown, constraint: string): boolean => {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const { code, constraint: name } = current as { code?: unknown; constraint?: unknown };
    if (code === PG_UNIQUE_VIOLATION) return name === constraint;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
};

/** Author-written fields → row fields: params validated per policy type, plain text derived for search. */
function contentFields(kind: EntryKind, policyType: PolicyType | null, content: VersionContent) {
  if (content.body.length > MAX_BODY_CHARS) {
    throw bodyTooLarge(MAX_BODY_CHARS);
  }
  if (content.effectiveFrom && content.effectiveTo && content.effectiveTo <= content.effectiveFrom) {
    throw effectiveRangeInvalid("effectiveTo", "effectiveTo must be after effectiveFrom");
  }
  return {
    title: content.title.trim(),
    body: content.body,
    bodyText: markdownToText(content.body),
    category: content.category?.trim() || null,
    channels: uniqueList(content.channels),
    locale: content.locale?.trim() || "en",
    scope: {
      stores: uniqueList(content.scope?.stores),
      regions: uniqueList(content.scope?.regions),
      categories: uniqueList(content.scope?.categories),
    },
    params: validateParams(kind, policyType, content.params),
    effectiveFrom: content.effectiveFrom ?? null,
    effectiveTo: content.effectiveTo ?? null,
    changeNote: content.changeNote?.trim() ?? "",
  };
}

const sameContent = (row: VersionRow, next: ReturnType<typeof contentFields>, now: Date): boolean => {
  // jsonb does not keep key order, so compare structurally.
  const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);
  const sameStart =
    next.effectiveFrom === null || next.effectiveFrom <= now
      ? row.effectiveFrom === null || row.effectiveFrom <= now
      : row.effectiveFrom?.getTime() === next.effectiveFrom.getTime();
  return (
    row.title === next.title &&
    row.body === next.body &&
    row.category === next.category &&
    same(row.channels, next.channels) &&
    row.locale === next.locale &&
    same(row.scope, next.scope) &&
    same(row.params, next.params) &&
    (row.effectiveTo?.getTime() ?? null) === (next.effectiveTo?.getTime() ?? null) &&
    sameStart
  );
};

const contentOf = (row: VersionRow): VersionContent => ({
  title: row.title,
  body: row.body,
  category: row.category,
  channels: row.channels,
  locale: row.locale,
  scope: row.scope,
  params: row.params,
  effectiveFrom: row.effectiveFrom,
  effectiveTo: row.effectiveTo,
  changeNote: row.changeNote,
});

function checkPolicyType(kind: EntryKind, policyType: PolicyType | null | undefined): PolicyType | null {
  if (kind === "policy" && !policyType) throw policyTypeRequired();
  if (kind !== "policy" && policyType) throw policyTypeNotAllowed();
  return policyType ?? null;
}

/**
 * The single source of knowledge for every channel. Nothing is cached: what is in force is
 * computed by each read from the published history, so a publish or a scheduled start is seen
 * by the very next request on every channel and every node.
 */
export function createKnowledgeService(deps: { db: Db; clock: Clock; events: EventBus }) {
  const { db, clock, events } = deps;
  const reader = knowledgeRepository(db);

  const emit = (name: string, workspaceId: string, payload: Record<string, unknown>) =>
    events.emit({ name, workspaceId, occurredAt: clock.now(), payload });

  async function requireEntry(repo: KnowledgeRepository, workspaceId: string, entryId: string, lock = false) {
    const entry = lock
      ? await repo.lockEntry(workspaceId, entryId)
      : await repo.findEntry(workspaceId, entryId);
    if (!entry) throw entryNotFound();
    return entry;
  }

  async function requireVersion(
    repo: KnowledgeRepository,
    workspaceId: string,
    entryId: string,
    version: number,
  ) {
    const row = await repo.findVersion(workspaceId, entryId, version);
    if (!row) throw versionNotFound(version);
    return row;
  }

  async function viewOf(repo: KnowledgeRepository, workspaceId: string, entries: EntryRow[], at: Date) {
    const ids = entries.map((entry) => entry.id);
    const inForce = await repo.inForce(workspaceId, ids, at);
    const numbers = await repo.latestVersionNumbers(workspaceId, ids);
    return entries.map((entry): KnowledgeEntryView => ({
      ...toEntry(entry),
      at,
      inForce: inForce.has(entry.id) ? toVersion(inForce.get(entry.id) as VersionRow) : null,
      latestVersion: numbers.get(entry.id)?.latest ?? 0,
      latestPublishedVersion: numbers.get(entry.id)?.latestPublished ?? null,
    }));
  }

  /** Publishes a draft inside a transaction that already holds the entry's row lock. */
  async function publishLocked(
    repo: KnowledgeRepository,
    entry: EntryRow,
    draft: VersionRow,
    actor: string,
    now: Date,
  ): Promise<VersionRow> {
    if (draft.status !== "draft" && draft.status !== "review") {
      throw invalidTransition(draft.version, draft.status, "published");
    }
    const published = await repo.publishedVersions(entry.workspaceId, entry.id);
    const latestPublished = published.reduce<number | null>(
      (latest, row) => (latest === null || row.version > latest ? row.version : latest),
      null,
    );
    if (draft.basedOnVersion !== latestPublished) {
      throw staleDraft(draft.version, draft.basedOnVersion, latestPublished);
    }
    const range = resolveEffectiveRange(draft, now);
    const conflictWith = findScheduleConflict(
      range,
      published.map((row) => ({
        version: row.version,
        effectiveFrom: row.effectiveFrom as Date,
        effectiveTo: row.effectiveTo,
      })),
      now,
    );
    if (conflictWith) throw effectiveOverlap(draft.version, conflictWith.version, conflictWith.effectiveFrom);
    const row = await repo.updateVersion(entry.workspaceId, draft.id, {
      status: "published",
      effectiveFrom: range.effectiveFrom,
      effectiveTo: range.effectiveTo,
      publishedAt: now,
      publishedBy: actor,
      updatedAt: now,
    });
    await repo.supersedeOthers(entry.workspaceId, entry.id, draft.id, now);
    await repo.touchEntry(entry.workspaceId, entry.id, now);
    return row;
  }

  const publishedPayload = (entry: EntryRow, row: VersionRow) => ({
    entryId: entry.id,
    slug: entry.slug,
    kind: entry.kind,
    policyType: entry.policyType,
    version: row.version,
    effectiveFrom: row.effectiveFrom?.toISOString() ?? null,
    effectiveTo: row.effectiveTo?.toISOString() ?? null,
  });

  async function insertNewEntry(
    repo: KnowledgeRepository,
    workspaceId: string,
    input: NewEntry,
    actor: string,
    now: Date,
  ): Promise<{ entry: EntryRow; draft: VersionRow }> {
    const policyType = checkPolicyType(input.kind, input.policyType);
    const fields = contentFields(input.kind, policyType, input);
    if (await repo.findEntryBySlug(workspaceId, input.slug)) throw slugTaken(input.slug);
    if (policyType && policyType !== "general") {
      const existing = await repo.findEntryByPolicyType(workspaceId, policyType);
      if (existing) throw policyTypeTaken(policyType, existing.id);
    }
    const entry = await repo.insertEntry({
      id: newId("knowledge", now.getTime()),
      workspaceId,
      kind: input.kind,
      slug: input.slug,
      policyType,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    });
    const draft = await repo.insertVersion({
      id: newId("knowledgeVersion", now.getTime()),
      workspaceId,
      entryId: entry.id,
      version: 1,
      status: "draft",
      ...fields,
      author: actor,
      basedOnVersion: null,
      createdAt: now,
      updatedAt: now,
    });
    return { entry, draft };
  }

  async function insertDraft(
    repo: KnowledgeRepository,
    entry: EntryRow,
    patch: Partial<VersionContent>,
    actor: string,
    now: Date,
  ): Promise<VersionRow> {
    const numbers = (await repo.latestVersionNumbers(entry.workspaceId, [entry.id])).get(entry.id);
    const latestPublished = numbers?.latestPublished ?? null;
    const source = await repo.findVersion(
      entry.workspaceId,
      entry.id,
      latestPublished ?? numbers?.latest ?? 0,
    );
    const base: VersionContent = source
      ? {
          ...contentOf(source),
          // A past start is history, not a plan; a future end (a promotion's) carries over.
          effectiveFrom: source.effectiveFrom && source.effectiveFrom > now ? source.effectiveFrom : null,
          effectiveTo: source.effectiveTo && source.effectiveTo > now ? source.effectiveTo : null,
          changeNote: "",
        }
      : { title: entry.slug, body: "" };
    const fields = contentFields(entry.kind, entry.policyType, { ...base, ...patch });
    return repo.insertVersion({
      id: newId("knowledgeVersion", now.getTime()),
      workspaceId: entry.workspaceId,
      entryId: entry.id,
      version: (numbers?.latest ?? 0) + 1,
      status: "draft",
      ...fields,
      author: actor,
      basedOnVersion: latestPublished,
      createdAt: now,
      updatedAt: now,
    });
  }

  function transaction<T>(run: (repo: KnowledgeRepository, tx: Db) => Promise<T>): Promise<T> {
    return withRetry(() => db.transaction((tx) => run(knowledgeRepository(tx), tx)));
  }

  async function mapUniqueViolations<T>(
    run: () => Promise<T>,
    input: { slug?: string; policyType?: string | null },
  ) {
    try {
      return await run();
    } catch (error) {
      if (isUniqueViolation(error, "kb_entries_workspace_id_slug_key")) throw slugTaken(input.slug ?? "");
      if (isUniqueViolation(error, "kb_entries_policy_type_idx")) {
        throw policyTypeTaken(input.policyType ?? "", "unknown");
      }
      throw error;
    }
  }

  return {
    /** Creates an entry with its first version as a draft, or published at once with `publish`. */
    async createEntry(
      workspaceId: string,
      input: NewEntry,
      actor: string,
      options: { publish?: boolean } = {},
    ): Promise<KnowledgeEntryView & { version: KnowledgeVersion }> {
      const now = clock.now();
      const { entry, version } = await mapUniqueViolations(
        () =>
          transaction(async (repo) => {
            const created = await insertNewEntry(repo, workspaceId, input, actor, now);
            const version = options.publish
              ? await publishLocked(repo, created.entry, created.draft, actor, now)
              : created.draft;
            return { entry: created.entry, version };
          }),
        input,
      );
      if (version.status === "published")
        emit("knowledge.published", workspaceId, publishedPayload(entry, version));
      const [view] = await viewOf(reader, workspaceId, [entry], now);
      return { ...(view as KnowledgeEntryView), version: toVersion(version) };
    },

    /** Starts a new draft from the latest published version (or the latest draft), with changes applied. */
    async createDraft(
      workspaceId: string,
      entryId: string,
      patch: Partial<VersionContent>,
      actor: string,
    ): Promise<KnowledgeVersion> {
      const now = clock.now();
      const row = await transaction(async (repo) => {
        const entry = await requireEntry(repo, workspaceId, entryId, true);
        return insertDraft(repo, entry, patch, actor, now);
      });
      return toVersion(row);
    },

    async updateDraft(
      workspaceId: string,
      entryId: string,
      version: number,
      patch: Partial<VersionContent>,
      actor: string,
    ): Promise<KnowledgeVersion> {
      const now = clock.now();
      const row = await transaction(async (repo) => {
        const entry = await requireEntry(repo, workspaceId, entryId, true);
        const draft = await requireVersion(repo, workspaceId, entryId, version);
        if (draft.status !== "draft") throw versionNotEditable(version, draft.status);
        const fields = contentFields(entry.kind, entry.policyType, { ...contentOf(draft), ...patch });
        return repo.updateVersion(workspaceId, draft.id, { ...fields, author: actor, updatedAt: now });
      });
      return toVersion(row);
    },

    /** draft → review, or review → draft (`reopen`). */
    async setReview(workspaceId: string, entryId: string, version: number, review: boolean) {
      const now = clock.now();
      const row = await transaction(async (repo) => {
        await requireEntry(repo, workspaceId, entryId, true);
        const current = await requireVersion(repo, workspaceId, entryId, version);
        const [from, to] = review ? (["draft", "review"] as const) : (["review", "draft"] as const);
        if (current.status !== from) throw invalidTransition(version, current.status, to);
        return repo.updateVersion(workspaceId, current.id, {
          status: to,
          submittedAt: review ? now : null,
          updatedAt: now,
        });
      });
      return toVersion(row);
    },

    /**
     * Atomic publish: one transaction holding the entry's row lock checks the draft is based on
     * the latest published version (else KNOWLEDGE_STALE_DRAFT) and does not collide with a
     * scheduled version, then flips statuses. Readers see the old or the new version, never a mix.
     */
    async publish(
      workspaceId: string,
      entryId: string,
      version: number,
      actor: string,
    ): Promise<KnowledgeVersion> {
      const now = clock.now();
      const { entry, row } = await transaction(async (repo) => {
        const entry = await requireEntry(repo, workspaceId, entryId, true);
        const draft = await requireVersion(repo, workspaceId, entryId, version);
        return { entry, row: await publishLocked(repo, entry, draft, actor, now) };
      });
      emit("knowledge.published", workspaceId, publishedPayload(entry, row));
      return toVersion(row);
    },

    /** Withdraws a draft, a version in review, or a published version that has not taken effect yet. */
    async archive(
      workspaceId: string,
      entryId: string,
      version: number,
      actor: string,
    ): Promise<KnowledgeVersion> {
      const now = clock.now();
      const row = await transaction(async (repo) => {
        await requireEntry(repo, workspaceId, entryId, true);
        const current = await requireVersion(repo, workspaceId, entryId, version);
        if (current.status === "archived") throw invalidTransition(version, current.status, "archived");
        const published = current.status === "published" || current.status === "superseded";
        if (published && (current.effectiveFrom as Date) <= now) throw alreadyInEffect(version);
        const archived = await repo.updateVersion(workspaceId, current.id, {
          status: "archived",
          archivedAt: now,
          updatedAt: now,
        });
        if (published) {
          // The newest remaining published version becomes "published" again.
          const remaining = await repo.publishedVersions(workspaceId, entryId);
          const newest = remaining.reduce<VersionRow | undefined>(
            (best, candidate) => (!best || candidate.version > best.version ? candidate : best),
            undefined,
          );
          if (newest && newest.status === "superseded") {
            await repo.updateVersion(workspaceId, newest.id, {
              status: "published",
              supersededAt: null,
              updatedAt: now,
            });
          }
        }
        return archived;
      });
      emit("knowledge.archived", workspaceId, { entryId, version, actor });
      return toVersion(row);
    },

    /** Takes an entry out of force now: ends the version in force and withdraws scheduled ones. */
    async retire(workspaceId: string, entryId: string, actor: string): Promise<KnowledgeEntryView> {
      const now = clock.now();
      const entry = await transaction(async (repo) => {
        const entry = await requireEntry(repo, workspaceId, entryId, true);
        const inForce = (await repo.inForce(workspaceId, [entryId], now)).get(entryId);
        if (inForce && (inForce.effectiveFrom as Date) < now) {
          await repo.updateVersion(workspaceId, inForce.id, { effectiveTo: now, updatedAt: now });
        } else if (inForce) {
          // Published at this very instant: nothing was ever served from it, so it is withdrawn.
          await repo.updateVersion(workspaceId, inForce.id, {
            status: "archived",
            archivedAt: now,
            updatedAt: now,
          });
        }
        for (const row of await repo.publishedVersions(workspaceId, entryId)) {
          if ((row.effectiveFrom as Date) > now) {
            await repo.updateVersion(workspaceId, row.id, {
              status: "archived",
              archivedAt: now,
              updatedAt: now,
            });
          }
        }
        await repo.touchEntry(workspaceId, entryId, now);
        return entry;
      });
      emit("knowledge.retired", workspaceId, { entryId, actor });
      const [view] = await viewOf(reader, workspaceId, [entry], now);
      return view as KnowledgeEntryView;
    },

    async getEntry(workspaceId: string, entryId: string, at?: Date): Promise<KnowledgeEntryView> {
      const entry = await requireEntry(reader, workspaceId, entryId);
      const [view] = await viewOf(reader, workspaceId, [entry], at ?? clock.now());
      return view as KnowledgeEntryView;
    },

    async getEntryBySlug(workspaceId: string, slug: string, at?: Date): Promise<KnowledgeEntryView> {
      const entry = await reader.findEntryBySlug(workspaceId, slug);
      if (!entry) throw entryNotFound();
      const [view] = await viewOf(reader, workspaceId, [entry], at ?? clock.now());
      return view as KnowledgeEntryView;
    },

    /** The version of an entry in force at `at` (default now); KNOWLEDGE_NOT_IN_FORCE when none. */
    async inForceAt(
      workspaceId: string,
      entryId: string,
      at?: Date,
    ): Promise<{ entry: KnowledgeEntry; version: KnowledgeVersion }> {
      const entry = await requireEntry(reader, workspaceId, entryId);
      const row = (await reader.inForce(workspaceId, [entryId], at ?? clock.now())).get(entryId);
      if (!row) throw nothingInForce();
      return { entry: toEntry(entry), version: toVersion(row) };
    },

    async listEntries(
      workspaceId: string,
      options: { kind?: EntryKind; policyType?: PolicyType; at?: Date; cursor?: string; limit: number },
    ): Promise<{ entries: KnowledgeEntryView[]; nextCursor: string | null }> {
      const rows = await reader.listEntries(workspaceId, {
        kind: options.kind,
        policyType: options.policyType,
        afterId: options.cursor,
        limit: options.limit + 1,
      });
      const page = rows.slice(0, options.limit);
      const entries = await viewOf(reader, workspaceId, page, options.at ?? clock.now());
      return { entries, nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null };
    },

    /** Version history, oldest first; drafts, reviews and archived versions only for editors. */
    async listVersions(
      workspaceId: string,
      entryId: string,
      options: { includeUnpublished: boolean },
    ): Promise<VersionSummary[]> {
      await requireEntry(reader, workspaceId, entryId);
      const now = clock.now();
      const rows = await reader.listVersions(workspaceId, entryId);
      const inForce = (await reader.inForce(workspaceId, [entryId], now)).get(entryId);
      return rows
        .filter(
          (row) => options.includeUnpublished || row.status === "published" || row.status === "superseded",
        )
        .map((row) => {
          const { body: _body, params: _params, ...summary } = toVersion(row);
          return {
            ...summary,
            inForce: row.id === inForce?.id,
            scheduled: row.status === "published" && (row.effectiveFrom as Date) > now,
          };
        });
    },

    async getVersion(
      workspaceId: string,
      entryId: string,
      version: number,
      options: { includeUnpublished: boolean },
    ): Promise<KnowledgeVersion> {
      await requireEntry(reader, workspaceId, entryId);
      const row = await requireVersion(reader, workspaceId, entryId, version);
      const visible = options.includeUnpublished || row.status === "published" || row.status === "superseded";
      if (!visible) throw versionNotFound(version);
      return toVersion(row);
    },

    async diff(
      workspaceId: string,
      entryId: string,
      from: number,
      to: number,
      options: { includeUnpublished: boolean },
    ): Promise<VersionDiff> {
      const a = await this.getVersion(workspaceId, entryId, from, options);
      const b = await this.getVersion(workspaceId, entryId, to, options);
      return diffVersions(a, b);
    },

    /** Ranked passages from the versions in force at `query.at` (default now). */
    async search(workspaceId: string, query: SearchQuery): Promise<KnowledgePassage[]> {
      const rows = await reader.search(workspaceId, {
        ...query,
        q: query.q.trim(),
        match: query.match ?? "any",
        limit: query.limit ?? 5,
        at: query.at ?? clock.now(),
      });
      return rows.map((row) => ({
        entryId: row.entryId,
        version: row.version,
        versionId: row.versionId,
        slug: row.slug,
        kind: row.kind,
        policyType: row.policyType,
        title: row.title,
        category: row.category,
        snippet: renderSnippet(row.headline),
        score: Math.round(row.score * 10_000) / 10_000,
        effectiveFrom: row.effectiveFrom,
        effectiveTo: row.effectiveTo,
      }));
    },

    /** The policy of a type in force at `at`, or null: what the knowledge-backed PolicySource reads. */
    async policyInForce(
      workspaceId: string,
      policyType: PolicyType,
      at?: Date,
    ): Promise<{ entryId: string; version: number; params: Record<string, unknown> } | null> {
      const entry = await reader.findEntryByPolicyType(workspaceId, policyType);
      if (!entry) return null;
      const row = (await reader.inForce(workspaceId, [entry.id], at ?? clock.now())).get(entry.id);
      return row ? { entryId: entry.id, version: row.version, params: row.params } : null;
    },

    /**
     * Every entry as a Markdown file with front matter: the version in force at `at`, or with
     * `latest` each entry's newest non-archived version (drafts included).
     */
    async exportFiles(
      workspaceId: string,
      options: { at?: Date; versions?: "in_force" | "latest" } = {},
    ): Promise<MarkdownFile[]> {
      const at = options.at ?? clock.now();
      const files: MarkdownFile[] = [];
      let cursor: string | undefined;
      for (;;) {
        const entries = await reader.listEntries(workspaceId, { afterId: cursor, limit: 500 });
        if (entries.length === 0) break;
        cursor = entries.at(-1)?.id;
        const chosen =
          options.versions === "latest"
            ? new Map<string, VersionRow>()
            : await reader.inForce(
                workspaceId,
                entries.map((entry) => entry.id),
                at,
              );
        for (const entry of entries) {
          let row = chosen.get(entry.id);
          if (options.versions === "latest") {
            row = (await reader.listVersions(workspaceId, entry.id))
              .filter((v) => v.status !== "archived")
              .at(-1);
          }
          if (row) files.push(formatMarkdownFile(toEntry(entry), toVersion(row)));
        }
      }
      return files.sort((a, b) => a.path.localeCompare(b.path));
    },

    /**
     * Imports a folder of Markdown files in one transaction: every file is checked first and any
     * problem rejects the whole import, so a knowledge base is never left half imported. Files
     * identical to the entry's latest version are left alone, so export → import is a no-op.
     */
    async importFiles(
      workspaceId: string,
      files: MarkdownFile[],
      options: { publish: boolean; actor: string },
    ): Promise<ImportResult> {
      const now = clock.now();
      const problems: FileProblem[] = [];
      const parsed: { path: string; entry: NewEntry; fields: ReturnType<typeof contentFields> }[] = [];
      const seen = new Map<string, string>();
      for (const file of files) {
        const result = parseMarkdownFile(file.path, file.content);
        if (!result.ok) {
          problems.push(result.problem);
          continue;
        }
        const { entry } = result;
        const duplicate = seen.get(entry.slug);
        if (duplicate) {
          problems.push({
            path: file.path,
            field: "slug",
            message: `slug "${entry.slug}" is also used by ${duplicate}`,
          });
          continue;
        }
        seen.set(entry.slug, file.path);
        try {
          const policyType = checkPolicyType(entry.kind, entry.policyType);
          parsed.push({ path: file.path, entry, fields: contentFields(entry.kind, policyType, entry) });
        } catch (error) {
          if (!isAppError(error)) throw error;
          problems.push({ path: file.path, field: error.field, message: error.message });
        }
      }
      if (problems.length) throw importInvalid(problems);

      const published: { entry: EntryRow; row: VersionRow }[] = [];
      const result = await transaction(async (repo) => {
        published.length = 0;
        const out: ImportResult["files"] = [];
        for (const item of parsed) {
          const changeNote = item.entry.changeNote || `imported from ${item.path}`;
          const fail = (error: unknown): never => {
            if (!isAppError(error)) throw error;
            throw importInvalid([{ path: item.path, field: error.field, message: error.message }]);
          };
          const existing = await repo.findEntryBySlug(workspaceId, item.entry.slug);
          if (!existing) {
            const created = await insertNewEntry(
              repo,
              workspaceId,
              { ...item.entry, changeNote },
              options.actor,
              now,
            ).catch(fail);
            const row = options.publish
              ? await publishLocked(repo, created.entry, created.draft, options.actor, now).catch(fail)
              : created.draft;
            if (options.publish) published.push({ entry: created.entry, row });
            out.push({
              path: item.path,
              slug: item.entry.slug,
              entryId: created.entry.id,
              action: "created",
              version: row.version,
              status: row.status,
            });
            continue;
          }
          const entry = await requireEntry(repo, workspaceId, existing.id, true);
          if (entry.kind !== item.entry.kind || entry.policyType !== (item.entry.policyType ?? null)) {
            fail(kindChanged(entry.slug, entry.policyType ? `${entry.policyType} policy` : entry.kind));
          }
          const latest = (await repo.listVersions(workspaceId, entry.id))
            .filter((v) => v.status !== "archived")
            .at(-1);
          const latestIsLive = latest?.status === "published" || latest?.status === "superseded";
          if (latest && sameContent(latest, item.fields, now) && (latestIsLive || !options.publish)) {
            out.push({
              path: item.path,
              slug: entry.slug,
              entryId: entry.id,
              action: "unchanged",
              version: latest.version,
              status: latest.status,
            });
            continue;
          }
          // With --publish, an open draft from an earlier import is published when it already
          // holds this content, and archived when it does not: none is left behind orphaned.
          const openDraft = latest && (latest.status === "draft" || latest.status === "review") ? latest : undefined;
          const draft =
            options.publish && openDraft && sameContent(openDraft, item.fields, now)
              ? openDraft
              : await insertDraft(repo, entry, { ...item.entry, changeNote }, options.actor, now).catch(fail);
          const row = options.publish
            ? await publishLocked(repo, entry, draft, options.actor, now).catch(fail)
            : draft;
          if (options.publish && openDraft && openDraft.id !== draft.id)
            await repo.updateVersion(workspaceId, openDraft.id, { status: "archived", archivedAt: now, updatedAt: now });
          if (options.publish) published.push({ entry, row });
          out.push({
            path: item.path,
            slug: entry.slug,
            entryId: entry.id,
            action: "updated",
            version: row.version,
            status: row.status,
          });
        }
        return { files: out };
      });
      for (const { entry, row } of published)
        emit("knowledge.published", workspaceId, publishedPayload(entry, row));
      emit("knowledge.imported", workspaceId, { files: result.files.length, actor: options.actor });
      return result;
    },
  };
}
