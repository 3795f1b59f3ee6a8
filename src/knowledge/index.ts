export { createKnowledgeService, type KnowledgeService, type ImportResult } from "./knowledge.service";
export { createKnowledgePolicySource } from "./knowledge-policy-source";
export { knowledgeRoutes } from "./knowledge.routes";
export { KNOWLEDGE_EVENTS, type KnowledgePublishedPayload } from "./knowledge.events";
export { POLICY_PARAM_SCHEMAS } from "./lib/validate-params";
export type {
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
} from "./knowledge.types";
export { ENTRY_KINDS, POLICY_TYPES } from "./knowledge.types";
export { knowledgeDeletionRoutes } from "./knowledge-deletion.routes";
