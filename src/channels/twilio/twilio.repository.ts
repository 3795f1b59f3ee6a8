import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { smsDeliveries, twilioAccounts } from "./twilio.schema";

export type TwilioAccountRow = typeof twilioAccounts.$inferSelect;

export function twilioRepository(db: Db) {
  return {
    async findAccount(workspaceId: string): Promise<TwilioAccountRow | undefined> {
      const [row] = await db.select().from(twilioAccounts).where(eq(twilioAccounts.workspaceId, workspaceId));
      return row;
    },

    async upsertAccount(row: typeof twilioAccounts.$inferInsert & { updatedAt: Date }): Promise<TwilioAccountRow> {
      const [saved] = await db
        .insert(twilioAccounts)
        .values(row)
        .onConflictDoUpdate({
          target: twilioAccounts.workspaceId,
          set: {
            accountSid: row.accountSid,
            authToken: row.authToken,
            phoneNumbers: row.phoneNumbers,
            transfer: row.transfer,
            updatedAt: row.updatedAt,
          },
        })
        .returning();
      if (!saved) throw new Error("account upsert returned nothing");
      return saved;
    },

    async deleteAccount(workspaceId: string): Promise<boolean> {
      const deleted = await db
        .delete(twilioAccounts)
        .where(eq(twilioAccounts.workspaceId, workspaceId))
        .returning({ workspaceId: twilioAccounts.workspaceId });
      return deleted.length > 0;
    },

    async recordSent(row: { workspaceId: string; messageSid: string; caseId: string; messageId: string | null; status: string; at: Date }) {
      await db
        .insert(smsDeliveries)
        .values({ ...row, updatedAt: row.at })
        .onConflictDoNothing();
    },

    /** The provider's delivery report for a reply we sent; false for a sid we never sent. */
    async recordDeliveryStatus(workspaceId: string, messageSid: string, status: string, at: Date): Promise<boolean> {
      const updated = await db
        .update(smsDeliveries)
        .set({ status, updatedAt: at })
        .where(and(eq(smsDeliveries.workspaceId, workspaceId), eq(smsDeliveries.messageSid, messageSid)))
        .returning({ messageSid: smsDeliveries.messageSid });
      return updated.length > 0;
    },
  };
}
