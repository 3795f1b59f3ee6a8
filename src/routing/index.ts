export { createRoutingService, type RoutingService, type EnqueueInput } from "./routing.service";
export { routingRoutes } from "./routing.routes";
export type { WaitStatus, Queue, QueueItem, RoutingAgent, Presence, WorkChannel, Transfer } from "./routing.types";
export { PRESENCES, WORK_CHANNELS } from "./routing.types";
