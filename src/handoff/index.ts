export { createHandoffService, type HandoffService, type SummaryWording } from "./handoff.service";
export { handoffRoutes } from "./handoff.routes";
export { handoffSummarySchema, ESCALATION_REASONS, SUMMARY_WORD_LIMIT } from "./handoff.types";
export type { HandoffSummary, StoredSummary, Suggestion, EscalationReason } from "./handoff.types";
export { countWords } from "./lib/count-words";
