import { sql, type SQL } from "drizzle-orm";
import type { Clock } from "../core/clock";
import { notFound } from "../core/errors";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import { personalTokens, tokenPattern } from "./lib/personal-tokens";

export const ERASED = "[erased]";

export type ErasureRecord = {
  id: string;
  customerId: string;
  requestedBy: string;
  /** Rows changed or removed per table; counts only. */
  changed: Record<string, number>;
  createdAt: Date;
};

type TextColumn = { table: string; column: string; type: string; scoped: boolean };

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** `IN (…)` over values; an empty list matches nothing. */
const inList = (values: string[]) => (values.length ? sql.join(values.map((value) => sql`${value}`), sql`, `) : sql`NULL`);

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

export type ErasureService = ReturnType<typeof createErasureService>;

/**
 * Customer erasure: one transaction that removes or anonymises the customer's personal data in
 * every table. Content tied to the customer (messages, timeline, agent turns, summaries, mail,
 * realtime frames, verification codes, order addresses) is blanked or deleted by key; then every
 * text and JSON column of every table — read from information_schema, so a table added later is
 * covered too — has the customer's names, addresses and identity values replaced.
 */
export function createErasureService(deps: { db: Db; clock: Clock }) {
  async function textColumns(db: Db): Promise<TextColumn[]> {
    const found = await rows<{ table_name: string; column_name: string; data_type: string; scoped: boolean }>(
      db,
      sql`SELECT c.table_name, c.column_name, c.data_type,
            EXISTS (SELECT 1 FROM information_schema.columns w
                    WHERE w.table_schema = c.table_schema AND w.table_name = c.table_name AND w.column_name = 'workspace_id') AS scoped
          FROM information_schema.columns c
          JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            AND c.data_type IN ('text', 'character varying', 'jsonb', 'json')
            AND c.is_generated = 'NEVER'
            AND c.table_name NOT IN ('erasure_records', 'schema_migrations')
          ORDER BY c.table_name, c.column_name`,
    );
    return found.map((row) => ({ table: row.table_name, column: row.column_name, type: row.data_type, scoped: row.scoped }));
  }

  return {
    async erase(workspaceId: string, customerId: string, requestedBy: string): Promise<ErasureRecord> {
      return deps.db.transaction(async (tx) => {
        const [subject] = await rows<{ id: string }>(
          tx,
          sql`SELECT id FROM customers WHERE workspace_id = ${workspaceId} AND id = ${customerId}`,
        );
        if (!subject) throw notFound("CUSTOMERS_NOT_FOUND", "customer not found");
        const changed: Record<string, number> = {};
        const run = async (table: string, query: SQL) => {
          const result = (await tx.execute(query)) as unknown as { affectedRows?: number; rowCount?: number | null };
          const n = result.affectedRows ?? result.rowCount ?? 0;
          if (n) changed[table] = (changed[table] ?? 0) + n;
        };

        // The customer and the tombstones of customers merged into them.
        const people = await rows<{ id: string; display_name: string | null }>(
          tx,
          sql`SELECT id, display_name FROM customers
              WHERE workspace_id = ${workspaceId} AND (id = ${customerId} OR merged_into_id = ${customerId})`,
        );
        const ids = people.map((person) => person.id);
        const idList = inList(ids);
        const identities = await rows<{ kind: string; value: string }>(
          tx,
          sql`SELECT kind, value FROM customer_identities WHERE workspace_id = ${workspaceId} AND customer_id IN (${idList})`,
        );
        const emails = identities.filter((i) => i.kind === "email").map((i) => i.value.toLowerCase());
        const refs = identities.filter((i) => i.kind === "external").map((i) => i.value);
        const orders = await rows<{ id: string; doc: Record<string, unknown> }>(
          tx,
          sql`SELECT id, doc FROM retail_orders WHERE workspace_id = ${workspaceId} AND (
                lower(customer_email) IN (${inList(emails)}) OR customer_ref IN (${inList(refs)}))`,
        );
        const caseIds = (
          await rows<{ id: string }>(
            tx,
            sql`SELECT id FROM cases WHERE workspace_id = ${workspaceId} AND customer_id IN (${idList})`,
          )
        ).map((row) => row.id);
        const caseList = inList(caseIds);

        const orderPeople = orders.flatMap((order) => {
          const customer = (order.doc.customer ?? {}) as { name?: string; email?: string };
          const address = (order.doc.shippingAddress ?? {}) as { name?: string; line1?: string; line2?: string };
          return { names: [customer.name, address.name], email: customer.email, lines: [address.line1, address.line2] };
        });
        const tokens = personalTokens({
          names: [...people.map((p) => p.display_name), ...orderPeople.flatMap((p) => p.names)],
          identities: [
            ...identities,
            ...orderPeople.flatMap((p) => (p.email ? [{ kind: "email", value: p.email }] : [])),
          ],
          streetLines: orderPeople.flatMap((p) => p.lines),
        });

        // Content tied to the customer by key: blanked where the row is a record of work, deleted where it is only personal.
        await run("messages", sql`UPDATE messages SET body = ${ERASED}, metadata = '{}'::jsonb WHERE workspace_id = ${workspaceId} AND customer_id IN (${idList})`);
        await run("timeline_events", sql`UPDATE timeline_events SET summary = ${ERASED}, data = '{}'::jsonb WHERE workspace_id = ${workspaceId} AND customer_id IN (${idList})`);
        await run("cases", sql`UPDATE cases SET subject = NULL WHERE workspace_id = ${workspaceId} AND id IN (${caseList}) AND subject IS NOT NULL`);
        await run("agent_turns", sql`UPDATE agent_turns SET understanding = '{}'::jsonb, reply = ${ERASED}, tools = '[]'::jsonb, notes = '{}'::jsonb WHERE workspace_id = ${workspaceId} AND customer_id IN (${idList})`);
        await run("agent_states", sql`DELETE FROM agent_states WHERE workspace_id = ${workspaceId} AND case_id IN (${caseList})`);
        await run("agent_suggestions", sql`UPDATE agent_suggestions SET body = ${ERASED}, tools = '[]'::jsonb WHERE workspace_id = ${workspaceId} AND case_id IN (${caseList})`);
        await run("handoff_summaries", sql`UPDATE handoff_summaries SET summary = '{}'::jsonb, text = ${ERASED} WHERE workspace_id = ${workspaceId} AND case_id IN (${caseList})`);
        await run("email_attachments", sql`DELETE FROM email_attachments WHERE workspace_id = ${workspaceId} AND case_id IN (${caseList})`);
        await run("email_outbound", sql`UPDATE email_outbound SET envelope = '{}'::jsonb,
            status = CASE WHEN status IN ('pending', 'sending') THEN 'failed' ELSE status END,
            last_error = CASE WHEN status IN ('pending', 'sending') THEN 'erased before sending' ELSE last_error END
          WHERE workspace_id = ${workspaceId} AND case_id IN (${caseList})`);
        await run("voice_calls", sql`UPDATE voice_calls SET screen_pop = NULL WHERE workspace_id = ${workspaceId} AND customer_id IN (${idList}) AND screen_pop IS NOT NULL`);
        await run("realtime_events", sql`UPDATE realtime_events SET payload = '{}'::jsonb WHERE workspace_id = ${workspaceId}
            AND conversation_id IN (SELECT id FROM realtime_conversations WHERE workspace_id = ${workspaceId} AND customer_id IN (${idList}))`);
        await run("realtime_conversations", sql`UPDATE realtime_conversations SET context = '{}'::jsonb, push_token = NULL, device_id = NULL, identity_key = NULL
            WHERE workspace_id = ${workspaceId} AND customer_id IN (${idList})`);
        await run("one_time_codes", sql`DELETE FROM one_time_codes WHERE workspace_id = ${workspaceId} AND customer_id IN (${idList})`);
        await run("merge_proposals", sql`DELETE FROM merge_proposals WHERE workspace_id = ${workspaceId} AND (customer_id IN (${idList}) OR other_customer_id IN (${idList}))`);
        await run("customer_identities", sql`DELETE FROM customer_identities WHERE workspace_id = ${workspaceId} AND customer_id IN (${idList})`);
        await run("customers", sql`UPDATE customers SET display_name = NULL, locale = NULL, attributes = '{}'::jsonb, updated_at = ${deps.clock.now().toISOString()}::timestamptz
            WHERE workspace_id = ${workspaceId} AND id IN (${idList})`);
        // Orders stay (they are the retailer's accounts) without who placed them or where they went;
        // local_changed_at makes a later import of an older export keep the anonymised copy.
        for (const order of orders) {
          const address = order.doc.shippingAddress as Record<string, unknown> | undefined;
          const doc = {
            ...order.doc,
            customer: {},
            ...(address
              ? { shippingAddress: { line1: ERASED, city: ERASED, postalCode: "", country: address.country, region: address.region } }
              : {}),
          };
          await run("retail_orders", sql`UPDATE retail_orders SET customer_email = NULL, customer_ref = NULL,
              doc = ${JSON.stringify(doc)}::jsonb, local_changed_at = ${deps.clock.now().toISOString()}::timestamptz
            WHERE workspace_id = ${workspaceId} AND id = ${order.id}`);
        }

        // Effects and deliveries that carry the customer's ids or values: the payload goes; pending ones are not sent.
        const mentions = [...ids, ...caseIds, ...tokens];
        if (mentions.length) {
          const pattern = tokenPattern(mentions);
          await run("verification_deliveries", sql`DELETE FROM verification_deliveries WHERE workspace_id = ${workspaceId} AND payload::text ~* ${pattern}`);
          await run("verification_failures", sql`DELETE FROM verification_failures WHERE workspace_id = ${workspaceId} AND subject ~* ${pattern}`);
          await run("outbox_effects", sql`UPDATE outbox_effects SET payload = '{"erased": true}'::jsonb,
              status = CASE WHEN status IN ('pending', 'delivering') THEN 'dead' ELSE status END,
              last_error = CASE WHEN status IN ('pending', 'delivering') THEN 'erased before delivery' ELSE last_error END
            WHERE workspace_id = ${workspaceId} AND payload::text ~* ${pattern}`);
        }

        // Everything else, by value, in every table: copies we do not know about yet.
        if (tokens.length) {
          const pattern = tokenPattern(tokens);
          for (const target of await textColumns(tx)) {
            const column = ident(target.column);
            const table = ident(target.table);
            const scope = target.scoped ? sql`workspace_id = ${workspaceId} AND` : sql``;
            const json = target.type === "jsonb" || target.type === "json";
            const value = json ? sql`${column}::text` : column;
            const replaced = sql`regexp_replace(${value}, ${pattern}, ${ERASED}, 'gi')`;
            // A savepoint per column: a unique or check constraint refusing the change leaves the rest intact.
            await tx
              .transaction(async (savepoint) => {
                const result = (await savepoint.execute(
                  sql`UPDATE ${table} SET ${column} = ${json ? sql`${replaced}::${sql.raw(target.type)}` : replaced}
                      WHERE ${scope} ${value} ~* ${pattern}`,
                )) as unknown as { affectedRows?: number; rowCount?: number | null };
                const n = result.affectedRows ?? result.rowCount ?? 0;
                if (n) changed[target.table] = (changed[target.table] ?? 0) + n;
              })
              .catch(async () => {
                await run(target.table, sql`DELETE FROM ${table} WHERE ${scope} ${value} ~* ${pattern}`);
              });
          }
        }

        const record: ErasureRecord = {
          id: newId("erasure"),
          customerId,
          requestedBy,
          changed,
          createdAt: deps.clock.now(),
        };
        await tx.execute(sql`INSERT INTO erasure_records (id, workspace_id, customer_id, requested_by, changed, created_at)
          VALUES (${record.id}, ${workspaceId}, ${customerId}, ${requestedBy}, ${JSON.stringify(changed)}::jsonb, ${record.createdAt.toISOString()}::timestamptz)`);
        return record;
      });
    },

    async list(workspaceId: string, limit = 50): Promise<ErasureRecord[]> {
      const found = await rows<{ id: string; customer_id: string; requested_by: string; changed: Record<string, number>; created_at: string | Date }>(
        deps.db,
        sql`SELECT id, customer_id, requested_by, changed, created_at FROM erasure_records
            WHERE workspace_id = ${workspaceId} ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
      );
      return found.map((row) => ({
        id: row.id,
        customerId: row.customer_id,
        requestedBy: row.requested_by,
        changed: row.changed,
        createdAt: new Date(row.created_at),
      }));
    },
  };
}
