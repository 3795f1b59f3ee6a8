import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";

export type SmsRoute = { from: string; to: string; statusCallback?: string };

type Rows<T> = { rows: T[] };

/**
 * Where a staff reply on an SMS or WhatsApp case goes: back the way the customer's last text on
 * that channel came (the provider addresses it carried), or — on a case that never had one — to
 * the customer's phone on file from the workspace's first number. Undefined when there is neither.
 */
export async function staffReplyRoute(
  db: Db,
  input: { workspaceId: string; caseId: string; customerId: string; channel: "sms" | "whatsapp"; numbers: string[] },
): Promise<SmsRoute | undefined> {
  const last = (await db.execute(sql`
    SELECT metadata->'sms' AS sms FROM messages
    WHERE workspace_id = ${input.workspaceId} AND case_id = ${input.caseId}
      AND direction = 'inbound' AND channel = ${input.channel} AND metadata ? 'sms'
    ORDER BY created_at DESC, id DESC LIMIT 1`)) as unknown as Rows<{ sms: Partial<SmsRoute> | null }>;
  const carried = last.rows[0]?.sms;
  if (typeof carried?.from === "string" && typeof carried.to === "string") {
    return {
      from: carried.from,
      to: carried.to,
      ...(typeof carried.statusCallback === "string" ? { statusCallback: carried.statusCallback } : {}),
    };
  }
  const number = input.numbers[0];
  if (!number) return undefined;
  // A proven number first, then the one most recently added.
  const phones = (await db.execute(sql`
    SELECT value FROM customer_identities
    WHERE workspace_id = ${input.workspaceId} AND customer_id = ${input.customerId} AND kind = 'phone'
    ORDER BY (verification_level = 'verified') DESC, created_at DESC LIMIT 1`)) as unknown as Rows<{ value: string }>;
  const phone = phones.rows[0]?.value;
  if (!phone) return undefined;
  const prefix = input.channel === "whatsapp" ? "whatsapp:" : "";
  return { from: `${prefix}${number}`, to: `${prefix}${phone}` };
}
