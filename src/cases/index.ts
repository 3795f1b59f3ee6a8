export {
  createCasesService,
  toCase,
  toMessage,
  type CasesService,
  type CasePatch,
  type AssigneeDirectory,
  type CaseLifecycle,
} from "./cases.service";
export { casesRepository } from "./cases.repository";
export type { Case, CaseStatus, CasePriority, Message } from "./cases.types";
export { CASE_STATUSES, CASE_PRIORITIES } from "./cases.types";
