import type { Clock } from "../../core/clock";
import type { Db } from "../../db/client";
import { authTokenRequired, twilioAccountNotFound } from "./twilio.errors";
import { twilioRepository, type TwilioAccountRow } from "./twilio.repository";
import type { TwilioAccountView, TwilioCredentials, VoiceTransfer } from "./twilio.types";

export type TwilioAccountsService = ReturnType<typeof createTwilioAccountsService>;

export const DEFAULT_TRANSFER: VoiceTransfer = { kind: "enqueue", queue: "support" };

const toView = (row: TwilioAccountRow): TwilioAccountView => ({
  accountSid: row.accountSid,
  // Enough to tell which token is set, never enough to use it.
  authTokenHint: `…${row.authToken.slice(-4)}`,
  phoneNumbers: row.phoneNumbers,
  transfer: row.transfer,
  updatedAt: row.updatedAt,
});

/** Per-workspace provider settings; the auth token goes in and never comes back out through the API. */
export function createTwilioAccountsService(deps: { db: Db; clock: Clock }) {
  const repo = () => twilioRepository(deps.db);
  return {
    async get(workspaceId: string): Promise<TwilioAccountView> {
      const row = await repo().findAccount(workspaceId);
      if (!row) throw twilioAccountNotFound();
      return toView(row);
    },

    /** Omitting the token keeps the one stored: staff can change numbers without handling the secret. */
    async put(
      workspaceId: string,
      input: { accountSid: string; authToken?: string; phoneNumbers?: string[]; transfer?: VoiceTransfer },
    ): Promise<TwilioAccountView> {
      const current = await repo().findAccount(workspaceId);
      const authToken = input.authToken ?? current?.authToken;
      if (!authToken) throw authTokenRequired();
      const row = await repo().upsertAccount({
        workspaceId,
        accountSid: input.accountSid,
        authToken,
        phoneNumbers: input.phoneNumbers ?? current?.phoneNumbers ?? [],
        transfer: input.transfer ?? current?.transfer ?? DEFAULT_TRANSFER,
        updatedAt: deps.clock.now(),
      });
      return toView(row);
    },

    async remove(workspaceId: string): Promise<void> {
      if (!(await repo().deleteAccount(workspaceId))) throw twilioAccountNotFound();
    },

    /** For signature checks and the outbound API only. */
    async credentials(workspaceId: string): Promise<(TwilioCredentials & { transfer: VoiceTransfer }) | undefined> {
      const row = await repo().findAccount(workspaceId);
      return row ? { accountSid: row.accountSid, authToken: row.authToken, transfer: row.transfer } : undefined;
    },
  };
}
