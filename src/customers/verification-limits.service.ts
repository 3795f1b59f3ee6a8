import { createHash } from "node:crypto";
import type { Clock } from "../core/clock";
import type { Db } from "../db/client";
import { verificationRepository, type FailureSubjectKind } from "./verification.repository";

/**
 * How many failed proofs a subject may collect inside the window before proof from it is refused.
 * Per identity: one visitor guessing. Per order: many visitors (new sessions each time) guessing
 * one order's postal code — the limit that matters against enumeration.
 */
export const FAILURE_LIMITS: Record<FailureSubjectKind, { max: number; windowMinutes: number }> = {
  identity: { max: 5, windowMinutes: 60 },
  order: { max: 5, windowMinutes: 60 },
};

export type FailureSubject = { kind: FailureSubjectKind; value: string };

const hashed = (subject: FailureSubject) =>
  createHash("sha256").update(`${subject.kind}\u0000${subject.value}`).digest("hex");

/** An order number as shoppers quote it ("#1001", " 1001 ") counts as one subject. */
export const orderSubject = (orderNumber: string): FailureSubject => ({
  kind: "order",
  value: orderNumber.trim().replace(/^#/, "").toUpperCase(),
});

export type VerificationLimits = ReturnType<typeof createVerificationLimits>;

/** Persisted counters of failed proofs: a restart or another node sees the same lockout. */
export function createVerificationLimits(deps: { db: Db; clock: Clock }) {
  const windowStart = (kind: FailureSubjectKind, now: Date) =>
    new Date(now.getTime() - FAILURE_LIMITS[kind].windowMinutes * 60_000);

  return {
    /** True when any of the subjects has used up its failures inside its window. */
    async limited(workspaceId: string, subjects: FailureSubject[], db: Db = deps.db): Promise<boolean> {
      const now = deps.clock.now();
      const repo = verificationRepository(db);
      for (const subject of subjects) {
        const [failures = 0] = await repo.failures(
          workspaceId,
          [{ kind: subject.kind, subject: hashed(subject) }],
          windowStart(subject.kind, now),
        );
        if (failures >= FAILURE_LIMITS[subject.kind].max) return true;
      }
      return false;
    },

    async recordFailure(workspaceId: string, subjects: FailureSubject[], db: Db = deps.db): Promise<void> {
      const now = deps.clock.now();
      const repo = verificationRepository(db);
      for (const subject of subjects) {
        await repo.addFailure(workspaceId, subject.kind, hashed(subject), now, windowStart(subject.kind, now));
      }
    },

    /** A successful proof clears its subjects: the owner is not punished for an earlier typo. */
    async clear(workspaceId: string, subjects: FailureSubject[], db: Db = deps.db): Promise<void> {
      const repo = verificationRepository(db);
      for (const subject of subjects) await repo.clearFailures(workspaceId, subject.kind, hashed(subject));
    },
  };
}
