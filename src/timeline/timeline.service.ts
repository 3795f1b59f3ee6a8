import { invalid } from "../core/errors";
import type { Db } from "../db/client";
import { timelineRepository, type TimelineCursor } from "./timeline.repository";
import type { NewTimelineEvent, TimelinePage } from "./timeline.types";

/** Opaque to callers: base64url of "<iso time>|<seq>". */
function encodeCursor(cursor: TimelineCursor): string {
  return Buffer.from(`${cursor.occurredAt.toISOString()}|${cursor.seq}`).toString("base64url");
}

function decodeCursor(raw: string): TimelineCursor {
  const [time, seq] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const occurredAt = new Date(time ?? "");
  const seqNumber = Number(seq);
  if (Number.isNaN(occurredAt.getTime()) || !Number.isSafeInteger(seqNumber)) {
    throw invalid("TIMELINE_CURSOR_INVALID", "cursor", "cursor is not one this API returned");
  }
  return { occurredAt, seq: seqNumber };
}

export type TimelineService = ReturnType<typeof createTimelineService>;

export function createTimelineService(deps: { db: Db }) {
  return {
    /** Pass a transaction handle to record the event atomically with the change it describes. */
    append(event: NewTimelineEvent, db: Db = deps.db): Promise<string> {
      return timelineRepository(db).insert(event);
    },

    async list(
      workspaceId: string,
      customerId: string,
      options: { cursor?: string; limit: number },
    ): Promise<TimelinePage> {
      const after = options.cursor ? decodeCursor(options.cursor) : null;
      const rows = await timelineRepository(deps.db).page(workspaceId, customerId, after, options.limit + 1);
      const hasMore = rows.length > options.limit;
      const page = rows.slice(0, options.limit);
      const last = page.at(-1);
      return {
        events: page.map(({ seq: _seq, ...event }) => event),
        nextCursor: hasMore && last ? encodeCursor({ occurredAt: last.occurredAt, seq: last.seq }) : null,
      };
    },
  };
}
