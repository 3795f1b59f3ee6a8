import { integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { ScreenPop } from "./voice.types";

export const voiceCalls = pgTable(
  "voice_calls",
  {
    workspaceId: text().notNull(),
    callSid: text().notNull(),
    caseId: text().notNull(),
    customerId: text().notNull(),
    /** The provider's CallStatus: in-progress, completed, busy, no-answer, failed, canceled. */
    status: text().notNull(),
    /** Speech turns answered so far; the gather URL carries the next one, so a retry is recognised. */
    turns: integer().notNull().default(0),
    transferredAt: timestamp({ withTimezone: true }),
    /** What staff saw when the call reached them. */
    screenPop: jsonb().$type<ScreenPop>(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.callSid] })],
);
