export const ENTRY_KINDS = ["article", "policy", "promotion", "update"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Policy types whose structured parameters tools read; `general` carries free-form text only. */
export const POLICY_TYPES = [
  "returns",
  "shipping",
  "order_changes",
  "price_match",
  "warranty",
  "general",
] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

/**
 * Stored lifecycle: draft → review → published → superseded; drafts and scheduled versions can be
 * archived (withdrawn). Whether a published version is in force at an instant is computed, never stored.
 */
export const VERSION_STATUSES = ["draft", "review", "published", "superseded", "archived"] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** Where a version applies; an empty list means no restriction on that axis. */
export type KnowledgeScope = { stores: string[]; regions: string[]; categories: string[] };

export type KnowledgeVersion = {
  id: string;
  entryId: string;
  version: number;
  status: VersionStatus;
  title: string;
  body: string;
  category: string | null;
  channels: string[];
  locale: string;
  scope: KnowledgeScope;
  params: Record<string, unknown>;
  effectiveFrom: Date | null;
  effectiveTo: Date | null;
  author: string;
  changeNote: string;
  basedOnVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  publishedAt: Date | null;
  publishedBy: string | null;
  supersededAt: Date | null;
  archivedAt: Date | null;
};

export type KnowledgeEntry = {
  id: string;
  kind: EntryKind;
  slug: string;
  policyType: PolicyType | null;
  createdAt: Date;
  updatedAt: Date;
};

/** An entry with what is in force at the instant asked about, and where its history stands. */
export type KnowledgeEntryView = KnowledgeEntry & {
  at: Date;
  inForce: KnowledgeVersion | null;
  latestVersion: number;
  latestPublishedVersion: number | null;
};

export type VersionSummary = Omit<KnowledgeVersion, "body" | "params"> & {
  /** True when this is the version in force now. */
  inForce: boolean;
  /** Published but its effective_from is still ahead. */
  scheduled: boolean;
};

/** A search hit: what the agent quotes and records (entry id + version) on its message. */
export type KnowledgePassage = {
  entryId: string;
  version: number;
  versionId: string;
  slug: string;
  kind: EntryKind;
  policyType: PolicyType | null;
  title: string;
  category: string | null;
  /** HTML-escaped text; matched words wrapped in <mark>…</mark>. */
  snippet: string;
  score: number;
  effectiveFrom: Date;
  effectiveTo: Date | null;
};

export type SearchFilters = {
  kind?: EntryKind;
  category?: string;
  channel?: string;
  locale?: string;
  policyType?: PolicyType;
  store?: string;
  region?: string;
  productCategory?: string;
};

export type SearchQuery = SearchFilters & {
  q: string;
  /** `any` ranks entries matching more words first; `all` requires every word (web-search syntax). */
  match?: "any" | "all";
  limit?: number;
  at?: Date;
};

/** Fields an author writes; everything else is set by the workflow. */
export type VersionContent = {
  title: string;
  body: string;
  category?: string | null;
  channels?: string[];
  locale?: string;
  scope?: Partial<KnowledgeScope>;
  params?: Record<string, unknown>;
  effectiveFrom?: Date | null;
  effectiveTo?: Date | null;
  changeNote?: string;
};

export type NewEntry = VersionContent & {
  kind: EntryKind;
  slug: string;
  policyType?: PolicyType | null;
};

export type MarkdownFile = { path: string; content: string };
