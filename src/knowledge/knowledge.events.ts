/** Events the knowledge base emits (`noun.past_verb`). */
export const KNOWLEDGE_EVENTS = {
  published: "knowledge.published",
  archived: "knowledge.archived",
  retired: "knowledge.retired",
  imported: "knowledge.imported",
} as const;

export type KnowledgePublishedPayload = {
  entryId: string;
  slug: string;
  kind: string;
  policyType: string | null;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
};
