import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import { outboxEffects } from "./outbox.schema";
import type { EffectInput, EffectStatus, StoredEffect } from "./outbox.types";

type Row = typeof outboxEffects.$inferSelect;

export type ClaimedEffect = StoredEffect & { claimToken: string };

const toEffect = (row: Row): StoredEffect => ({
  id: row.id,
  workspaceId: row.workspaceId,
  kind: row.kind,
  key: row.key,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.nextAttemptAt,
  lastError: row.lastError,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  deliveredAt: row.deliveredAt,
});

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const dateOrNull = (value: unknown): Date | null =>
  value === null || value === undefined ? null : date(value);

export function outboxRepository(db: Db) {
  return {
    async insert(effect: EffectInput, now: Date): Promise<{ id: string; created: boolean }> {
      const [inserted] = await db
        .insert(outboxEffects)
        .values({
          id: newId("effect", now.getTime()),
          workspaceId: effect.workspaceId,
          kind: effect.kind,
          key: effect.key,
          payload: effect.payload,
          nextAttemptAt: effect.notBefore ?? now,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: [outboxEffects.workspaceId, outboxEffects.kind, outboxEffects.key] })
        .returning({ id: outboxEffects.id });
      if (inserted) return { id: inserted.id, created: true };
      const [existing] = await db
        .select({ id: outboxEffects.id })
        .from(outboxEffects)
        .where(
          and(
            eq(outboxEffects.workspaceId, effect.workspaceId),
            eq(outboxEffects.kind, effect.kind),
            eq(outboxEffects.key, effect.key),
          ),
        );
      if (!existing) throw new Error("outbox insert conflicted but the existing effect is not visible");
      return { id: existing.id, created: false };
    },

    /**
     * Takes up to `limit` due effects of the given kinds in one statement. SKIP LOCKED lets
     * several workers (threads of one node or many nodes) claim side by side without waiting on
     * or taking each other's rows; a claim whose lease ran out is due again.
     */
    async claim(
      kinds: string[],
      now: Date,
      leaseUntil: Date,
      limit: number,
      claimToken: string,
    ): Promise<ClaimedEffect[]> {
      if (kinds.length === 0) return [];
      const at = now.toISOString();
      const result = await db.execute(sql`
        UPDATE ${outboxEffects} SET
          status = 'delivering',
          attempts = attempts + 1,
          lease_until = ${leaseUntil.toISOString()}::timestamptz,
          claim_token = ${claimToken},
          updated_at = ${at}::timestamptz
        WHERE id IN (
          SELECT id FROM ${outboxEffects}
          WHERE kind IN (${sql.join(
            kinds.map((kind) => sql`${kind}`),
            sql`, `,
          )})
            AND ((status = 'pending' AND next_attempt_at <= ${at}::timestamptz)
              OR (status = 'delivering' AND lease_until <= ${at}::timestamptz))
          ORDER BY next_attempt_at, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING *`);
      const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
      return rows.map((row) => ({
        id: String(row.id),
        workspaceId: String(row.workspace_id),
        kind: String(row.kind),
        key: String(row.key),
        payload: (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as Record<
          string,
          unknown
        >,
        status: "delivering",
        attempts: Number(row.attempts),
        nextAttemptAt: date(row.next_attempt_at),
        lastError: row.last_error === null ? null : String(row.last_error),
        createdAt: date(row.created_at),
        updatedAt: date(row.updated_at),
        deliveredAt: dateOrNull(row.delivered_at),
        claimToken,
      }));
    },

    /** Records an outcome only if the claim is still ours; false means another worker retook it. */
    async settle(
      id: string,
      claimToken: string,
      outcome: {
        status: Exclude<EffectStatus, "delivering">;
        nextAttemptAt?: Date;
        lastError: string | null;
      },
      now: Date,
    ): Promise<boolean> {
      const updated = await db
        .update(outboxEffects)
        .set({
          status: outcome.status,
          lastError: outcome.lastError,
          leaseUntil: null,
          claimToken: null,
          updatedAt: now,
          ...(outcome.nextAttemptAt ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
          ...(outcome.status === "delivered" ? { deliveredAt: now } : {}),
        })
        .where(and(eq(outboxEffects.id, id), eq(outboxEffects.claimToken, claimToken)))
        .returning({ id: outboxEffects.id });
      return updated.length > 0;
    },

    async find(workspaceId: string, id: string): Promise<StoredEffect | null> {
      const [row] = await db
        .select()
        .from(outboxEffects)
        .where(and(eq(outboxEffects.workspaceId, workspaceId), eq(outboxEffects.id, id)));
      return row ? toEffect(row) : null;
    },

    /** Newest first; `before` is the last id of the previous page (ids sort by creation time). */
    async list(
      workspaceId: string,
      filter: { kinds?: string[]; statuses?: EffectStatus[]; before?: string; limit: number },
    ): Promise<StoredEffect[]> {
      const rows = await db
        .select()
        .from(outboxEffects)
        .where(
          and(
            eq(outboxEffects.workspaceId, workspaceId),
            filter.kinds ? inArray(outboxEffects.kind, filter.kinds) : undefined,
            filter.statuses ? inArray(outboxEffects.status, filter.statuses) : undefined,
            filter.before ? lt(outboxEffects.id, filter.before) : undefined,
          ),
        )
        .orderBy(desc(outboxEffects.id))
        .limit(filter.limit);
      return rows.map(toEffect);
    },

    /** Due again now with a fresh attempt budget; an effect being delivered right now is left alone. */
    async requeue(workspaceId: string, id: string, now: Date): Promise<StoredEffect | null> {
      const [row] = await db
        .update(outboxEffects)
        .set({ status: "pending", attempts: 0, nextAttemptAt: now, lastError: null, updatedAt: now })
        .where(
          and(
            eq(outboxEffects.workspaceId, workspaceId),
            eq(outboxEffects.id, id),
            sql`${outboxEffects.status} <> 'delivering'`,
          ),
        )
        .returning();
      return row ? toEffect(row) : null;
    },
  };
}
