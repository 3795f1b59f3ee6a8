import { integer, jsonb, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import type { EffectStatus } from "./outbox.types";

export const outboxEffects = pgTable(
  "outbox_effects",
  {
    id: text().primaryKey(),
    workspaceId: text().notNull(),
    /** Which handler delivers it: `email.send`, `webhook.deliver`, … */
    kind: text().notNull(),
    /** The caller's idempotency key: the same (workspace, kind, key) is one effect. */
    key: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text().$type<EffectStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    leaseUntil: timestamp({ withTimezone: true }),
    claimToken: text(),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (table) => [unique().on(table.workspaceId, table.kind, table.key)],
);
