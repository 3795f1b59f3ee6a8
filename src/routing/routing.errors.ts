import { AppError, conflict, forbidden, notFound, unprocessable } from "../core/errors";

export const queueNotFound = () => notFound("ROUTING_QUEUE_NOT_FOUND", "queue not found");
export const queueNameTaken = () =>
  new AppError("conflict", "ROUTING_QUEUE_NAME_TAKEN", "name: another queue of this workspace has this name", {
    field: "name",
  });
export const queueUnknown = (field: string) =>
  unprocessable("ROUTING_QUEUE_UNKNOWN", field, `${field}: no queue with this id in this workspace`);
export const agentNotFound = () => notFound("ROUTING_AGENT_NOT_FOUND", "no active staff user with this id in this workspace");
export const agentUnknown = (field: string) =>
  unprocessable("ROUTING_AGENT_UNKNOWN", field, `${field}: no active staff user with this id in this workspace`);
export const agentOffline = (field?: string) =>
  new AppError("conflict", "ROUTING_AGENT_OFFLINE", `${field ? `${field}: ` : ""}the agent is offline; they must be online or away to take a case`, {
    ...(field ? { field } : {}),
  });
export const agentAtCapacity = (channel: string, field?: string) =>
  new AppError("conflict", "ROUTING_AGENT_AT_CAPACITY", `${field ? `${field}: ` : ""}the agent has no free ${channel} slot`, {
    ...(field ? { field } : {}),
    details: { channel },
  });
export const staffUserRequired = () =>
  forbidden(
    "ROUTING_STAFF_USER_REQUIRED",
    "only a staff user signed in with a session takes cases and has presence; API keys cannot",
  );
export const caseNotWaiting = () =>
  conflict("ROUTING_CASE_NOT_ESCALATED", "the case is not with the team: only an escalated case can be picked up, transferred or handed back");
export const alreadyAssigned = (assigneeId: string) =>
  conflict("ROUTING_ALREADY_ASSIGNED", "another agent picked this case up first", { details: { assigneeId } });
export const transferTargetMissing = () =>
  unprocessable("ROUTING_TRANSFER_TARGET_REQUIRED", "toAgentId", "toAgentId or toQueueId: name where the case goes");
export const transferToSelf = () =>
  conflict("ROUTING_TRANSFER_TO_HOLDER", "the case is already with this agent in this queue");
