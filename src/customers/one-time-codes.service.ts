import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import type { Clock } from "../core/clock";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import type { CodeSender } from "./code-sender";
import { maskIdentity } from "./lib/mask-identity";
import type { Identity } from "./customers.types";
import { verificationRepository } from "./verification.repository";

/** A code is 6 digits, lives 10 minutes, takes 5 guesses and works once. */
export const CODE_POLICY = {
  digits: 6,
  minutesValid: 10,
  maxAttempts: 5,
  /** Codes one identity on file may be sent in `sendWindowMinutes`: nobody can flood someone's phone. */
  maxSends: 3,
  sendWindowMinutes: 15,
} as const;

export type CodeSendOutcome =
  | { status: "sent"; codeId: string; medium: "email" | "sms"; maskedTo: string; identityId: string }
  | { status: "too_many_sends" }
  | { status: "no_destination" };

export type CodeCheckOutcome =
  | { status: "valid"; identityId: string; medium: "email" | "sms" }
  | { status: "wrong"; attemptsLeft: number }
  | { status: "expired" }
  | { status: "used_up" }
  | { status: "none" };

const hashCode = (codeId: string, code: string) => createHmac("sha256", codeId).update(code).digest();

export type OneTimeCodes = ReturnType<typeof createOneTimeCodes>;

/**
 * One-time codes sent to an email or phone already on the customer's record. Only an HMAC of the
 * code is stored; the attempt limit, not the hash, is what makes 10^6 codes unguessable.
 */
export function createOneTimeCodes(deps: { db: Db; clock: Clock; senders: { email: CodeSender; sms: CodeSender } }) {
  const { clock } = deps;
  return {
    /** Replaces any open code of the case with a new one and queues it to `destination`. */
    async send(input: { workspaceId: string; customerId: string; caseId: string; destination: Identity }): Promise<CodeSendOutcome> {
      const { destination } = input;
      if (destination.kind !== "email" && destination.kind !== "phone") return { status: "no_destination" };
      const medium = destination.kind === "email" ? "email" : "sms";
      const now = clock.now();
      return deps.db.transaction(async (tx) => {
        const repo = verificationRepository(tx);
        const since = new Date(now.getTime() - CODE_POLICY.sendWindowMinutes * 60_000);
        if ((await repo.codesSentTo(input.workspaceId, destination.id, since)) >= CODE_POLICY.maxSends) {
          return { status: "too_many_sends" } as const;
        }
        await repo.supersedeCodesForCase(input.workspaceId, input.caseId, now);
        const code = String(randomInt(0, 10 ** CODE_POLICY.digits)).padStart(CODE_POLICY.digits, "0");
        const id = newId("oneTimeCode", now.getTime());
        await repo.insertCode({
          id,
          workspaceId: input.workspaceId,
          customerId: input.customerId,
          identityId: destination.id,
          caseId: input.caseId,
          channel: medium,
          codeHash: hashCode(id, code).toString("hex"),
          createdAt: now,
          expiresAt: new Date(now.getTime() + CODE_POLICY.minutesValid * 60_000),
        });
        await deps.senders[medium].send(tx, {
          workspaceId: input.workspaceId,
          to: destination.value,
          code,
          minutesValid: CODE_POLICY.minutesValid,
          key: `verification-code:${id}`,
        });
        return { status: "sent", codeId: id, medium, maskedTo: maskIdentity(destination), identityId: destination.id } as const;
      });
    },

    /**
     * Checks an answer against the case's open code for this customer. Answers given at once are
     * checked one after the other (the code row is locked), so a code is used once and every wrong
     * guess counts.
     */
    async check(input: { workspaceId: string; customerId: string; caseId: string; code: string }): Promise<CodeCheckOutcome> {
      const now = clock.now();
      return deps.db.transaction(async (tx) => {
        const repo = verificationRepository(tx);
        const [latest] = await repo.openCodesForCase(input.workspaceId, input.caseId);
        if (!latest || latest.customerId !== input.customerId) return { status: "none" } as const;
        const row = await repo.lockCode(input.workspaceId, latest.id);
        if (!row || row.consumedAt || row.supersededAt) return { status: "none" } as const;
        if (row.expiresAt <= now) return { status: "expired" } as const;
        if (row.attempts >= CODE_POLICY.maxAttempts) return { status: "used_up" } as const;
        const given = input.code.replace(/\D/g, "");
        const expected = Buffer.from(row.codeHash, "hex");
        const matches = given.length === CODE_POLICY.digits && timingSafeEqual(hashCode(row.id, given), expected);
        if (!matches) {
          const attempts = row.attempts + 1;
          await repo.updateCode(input.workspaceId, row.id, { attempts });
          if (attempts >= CODE_POLICY.maxAttempts) return { status: "used_up" } as const;
          return { status: "wrong", attemptsLeft: CODE_POLICY.maxAttempts - attempts } as const;
        }
        await repo.updateCode(input.workspaceId, row.id, { consumedAt: now, attempts: row.attempts + 1 });
        return { status: "valid", identityId: row.identityId, medium: row.channel } as const;
      });
    },

    /** The outbound messages queued by the built-in queue, newest first (staff view and tests). */
    deliveries(workspaceId: string, limit?: number) {
      return verificationRepository(deps.db).listDeliveries(workspaceId, limit);
    },
  };
}
