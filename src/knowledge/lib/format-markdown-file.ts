import { stringify } from "yaml";
import type { EntryKind, KnowledgeEntry, KnowledgeVersion, MarkdownFile } from "../knowledge.types";

const FOLDERS: Record<EntryKind, string> = {
  article: "articles",
  policy: "policies",
  promotion: "promotions",
  update: "updates",
};

/** Writes a version as `<kind folder>/<slug>.md`; parseMarkdownFile reads it back unchanged. */
export function formatMarkdownFile(entry: KnowledgeEntry, version: KnowledgeVersion): MarkdownFile {
  const front: Record<string, unknown> = {
    slug: entry.slug,
    kind: entry.kind,
    ...(entry.policyType ? { policy_type: entry.policyType } : {}),
    title: version.title,
    category: version.category,
    locale: version.locale,
    channels: version.channels,
    scope: version.scope,
    params: version.params,
    effective_from: version.effectiveFrom?.toISOString() ?? null,
    effective_to: version.effectiveTo?.toISOString() ?? null,
    version: version.version,
    status: version.status,
    ...(version.changeNote ? { change_note: version.changeNote } : {}),
  };
  const yaml = stringify(front, { lineWidth: 0 });
  return { path: `${FOLDERS[entry.kind]}/${entry.slug}.md`, content: `---\n${yaml}---\n\n${version.body}` };
}
