/**
 * Domain events that change what an agent's inbox or open case shows. Each reaches the staff
 * connections as `case.changed {caseId, change}`: the workspace UI reloads what it needs, so no
 * customer text rides on the staff stream.
 */
export const INBOX_EVENTS = [
  "case.created",
  "case.updated",
  "case.escalated",
  "case.queued",
  "case.assigned",
  "case.transferred",
  "case.handed_back",
  "sla.breached",
  "handoff.summarised",
  "suggestion.drafted",
  "message.received",
  "message.sent",
  "note.added",
] as const;
