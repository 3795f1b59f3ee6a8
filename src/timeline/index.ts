export { createTimelineService, type TimelineService } from "./timeline.service";
export { timelineRepository } from "./timeline.repository";
export type { TimelineEvent, NewTimelineEvent, TimelinePage } from "./timeline.types";
