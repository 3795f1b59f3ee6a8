import { and, desc, eq, ilike, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { customerIdentities, customerMerges, customers, mergeProposals } from "./customers.schema";
import type { NormalizedIdentity } from "./lib/normalize-identity";
import type { IdentityKind, VerificationLevel } from "./customers.types";

export type CustomerRow = typeof customers.$inferSelect;
export type IdentityRow = typeof customerIdentities.$inferSelect;
export type MergeProposalRow = typeof mergeProposals.$inferSelect;

export function customersRepository(db: Db) {
  return {
    async insertCustomer(row: typeof customers.$inferInsert): Promise<CustomerRow> {
      const [inserted] = await db.insert(customers).values(row).returning();
      if (!inserted) throw new Error("customer insert returned nothing");
      return inserted;
    },

    async findCustomer(workspaceId: string, id: string): Promise<CustomerRow | undefined> {
      const [row] = await db
        .select()
        .from(customers)
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)));
      return row;
    },

    /** Locks the rows so concurrent merges of the same pair serialise. */
    async lockCustomers(workspaceId: string, ids: string[]): Promise<CustomerRow[]> {
      return db
        .select()
        .from(customers)
        .where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, ids)))
        .orderBy(customers.id)
        .for("update");
    },

    async updateCustomer(
      workspaceId: string,
      id: string,
      patch: Partial<Pick<CustomerRow, "displayName" | "tier" | "locale" | "attributes" | "mergedIntoId">>,
      now: Date,
    ): Promise<CustomerRow | undefined> {
      const [row] = await db
        .update(customers)
        .set({ ...patch, updatedAt: now })
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)))
        .returning();
      return row;
    },

    async listCustomers(
      workspaceId: string,
      options: { search?: string; beforeId?: string; limit: number },
    ): Promise<CustomerRow[]> {
      const search = options.search?.trim();
      const matchesSearch = search
        ? or(
            ilike(customers.displayName, `%${escapeLike(search)}%`),
            sql`exists (select 1 from customer_identities i where i.customer_id = ${customers.id}
              and i.value ilike ${`%${escapeLike(search.toLowerCase())}%`})`,
          )
        : undefined;
      return db
        .select()
        .from(customers)
        .where(
          and(
            eq(customers.workspaceId, workspaceId),
            isNull(customers.mergedIntoId),
            options.beforeId ? lt(customers.id, options.beforeId) : undefined,
            matchesSearch,
          ),
        )
        .orderBy(desc(customers.id))
        .limit(options.limit);
    },

    async listIdentities(workspaceId: string, customerIds: string[]): Promise<IdentityRow[]> {
      if (customerIds.length === 0) return [];
      return db
        .select()
        .from(customerIdentities)
        .where(
          and(
            eq(customerIdentities.workspaceId, workspaceId),
            inArray(customerIdentities.customerId, customerIds),
          ),
        )
        .orderBy(customerIdentities.createdAt, customerIdentities.id);
    },

    async findIdentities(workspaceId: string, identities: NormalizedIdentity[]): Promise<IdentityRow[]> {
      if (identities.length === 0) return [];
      return db
        .select()
        .from(customerIdentities)
        .where(and(eq(customerIdentities.workspaceId, workspaceId), matchesAny(identities)));
    },

    /**
     * Every identity (with its customer) of every customer owning one of `identities`, in one
     * round trip: identity resolution needs both and runs on every inbound message.
     */
    async findOwnersWithIdentities(
      workspaceId: string,
      identities: NormalizedIdentity[],
    ): Promise<{ identity: IdentityRow; customer: CustomerRow }[]> {
      if (identities.length === 0) return [];
      const owners = db
        .select({ id: customerIdentities.customerId })
        .from(customerIdentities)
        .where(and(eq(customerIdentities.workspaceId, workspaceId), matchesAny(identities)));
      return db
        .select({ identity: customerIdentities, customer: customers })
        .from(customerIdentities)
        .innerJoin(customers, eq(customers.id, customerIdentities.customerId))
        .where(
          and(
            eq(customerIdentities.workspaceId, workspaceId),
            inArray(customerIdentities.customerId, owners),
          ),
        )
        .orderBy(customerIdentities.createdAt, customerIdentities.id);
    },

    /** Returns undefined when another customer already owns the identity (unique constraint). */
    async insertIdentity(row: typeof customerIdentities.$inferInsert): Promise<IdentityRow | undefined> {
      const [inserted] = await db.insert(customerIdentities).values(row).onConflictDoNothing().returning();
      return inserted;
    },

    async setVerification(
      workspaceId: string,
      identityId: string,
      level: VerificationLevel,
      method: string | null,
      at: Date | null,
    ): Promise<IdentityRow | undefined> {
      const [row] = await db
        .update(customerIdentities)
        .set({ verificationLevel: level, verifiedMethod: method, verifiedAt: at })
        .where(and(eq(customerIdentities.workspaceId, workspaceId), eq(customerIdentities.id, identityId)))
        .returning();
      return row;
    },

    /** Returns the moved identities' ids, so that a merge can be reverted exactly. */
    async moveIdentities(workspaceId: string, fromId: string, toId: string): Promise<string[]> {
      const rows = await db
        .update(customerIdentities)
        .set({ customerId: toId })
        .where(
          and(eq(customerIdentities.workspaceId, workspaceId), eq(customerIdentities.customerId, fromId)),
        )
        .returning({ id: customerIdentities.id });
      return rows.map((row) => row.id);
    },

    async moveIdentitiesByIds(workspaceId: string, ids: string[], fromId: string, toId: string): Promise<number> {
      if (ids.length === 0) return 0;
      const rows = await db
        .update(customerIdentities)
        .set({ customerId: toId })
        .where(
          and(
            eq(customerIdentities.workspaceId, workspaceId),
            eq(customerIdentities.customerId, fromId),
            inArray(customerIdentities.id, ids),
          ),
        )
        .returning({ id: customerIdentities.id });
      return rows.length;
    },

    async insertMerge(row: typeof customerMerges.$inferInsert): Promise<void> {
      await db.insert(customerMerges).values(row);
    },

    async findMerge(workspaceId: string, id: string) {
      const [row] = await db
        .select()
        .from(customerMerges)
        .where(and(eq(customerMerges.workspaceId, workspaceId), eq(customerMerges.id, id)))
        .for("update");
      return row;
    },

    async markMergeReverted(workspaceId: string, id: string, at: Date, actor: string): Promise<void> {
      await db
        .update(customerMerges)
        .set({ revertedAt: at, revertedBy: actor })
        .where(and(eq(customerMerges.workspaceId, workspaceId), eq(customerMerges.id, id)));
    },

    /** The customer owning an identity, if any (an order's email, a looked-up phone). */
    async ownerOf(workspaceId: string, identity: NormalizedIdentity): Promise<CustomerRow | undefined> {
      const [row] = await db
        .select({ customer: customers })
        .from(customerIdentities)
        .innerJoin(customers, eq(customers.id, customerIdentities.customerId))
        .where(and(eq(customerIdentities.workspaceId, workspaceId), matchesAny([identity])));
      return row?.customer;
    },

    async listMerges(workspaceId: string, customerId: string) {
      return db
        .select()
        .from(customerMerges)
        .where(
          and(
            eq(customerMerges.workspaceId, workspaceId),
            or(eq(customerMerges.survivorId, customerId), eq(customerMerges.mergedId, customerId)),
          ),
        )
        .orderBy(customerMerges.createdAt);
    },

    async insertProposal(row: typeof mergeProposals.$inferInsert): Promise<MergeProposalRow> {
      const [existing] = await db
        .select()
        .from(mergeProposals)
        .where(
          and(
            eq(mergeProposals.workspaceId, row.workspaceId),
            eq(mergeProposals.status, "open"),
            or(
              and(
                eq(mergeProposals.customerId, row.customerId),
                eq(mergeProposals.otherCustomerId, row.otherCustomerId),
              ),
              and(
                eq(mergeProposals.customerId, row.otherCustomerId),
                eq(mergeProposals.otherCustomerId, row.customerId),
              ),
            ),
          ),
        );
      if (existing) return existing;
      const [inserted] = await db.insert(mergeProposals).values(row).returning();
      if (!inserted) throw new Error("merge proposal insert returned nothing");
      return inserted;
    },

    async listProposals(
      workspaceId: string,
      status: MergeProposalRow["status"],
    ): Promise<MergeProposalRow[]> {
      return db
        .select()
        .from(mergeProposals)
        .where(and(eq(mergeProposals.workspaceId, workspaceId), eq(mergeProposals.status, status)))
        .orderBy(desc(mergeProposals.createdAt))
        .limit(200);
    },

    async findProposal(workspaceId: string, id: string): Promise<MergeProposalRow | undefined> {
      const [row] = await db
        .select()
        .from(mergeProposals)
        .where(and(eq(mergeProposals.workspaceId, workspaceId), eq(mergeProposals.id, id)));
      return row;
    },

    async decideProposals(
      workspaceId: string,
      customerIds: [string, string],
      status: "accepted" | "dismissed",
      at: Date,
    ): Promise<void> {
      const [a, b] = customerIds;
      await db
        .update(mergeProposals)
        .set({ status, decidedAt: at })
        .where(
          and(
            eq(mergeProposals.workspaceId, workspaceId),
            eq(mergeProposals.status, "open"),
            or(
              and(eq(mergeProposals.customerId, a), eq(mergeProposals.otherCustomerId, b)),
              and(eq(mergeProposals.customerId, b), eq(mergeProposals.otherCustomerId, a)),
            ),
          ),
        );
    },

    async identityKindsFor(workspaceId: string, customerId: string): Promise<IdentityKind[]> {
      const rows = await db
        .selectDistinct({ kind: customerIdentities.kind })
        .from(customerIdentities)
        .where(
          and(eq(customerIdentities.workspaceId, workspaceId), eq(customerIdentities.customerId, customerId)),
        );
      return rows.map((row) => row.kind);
    },
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function matchesAny(identities: NormalizedIdentity[]) {
  return or(
    ...identities.map((identity) =>
      and(
        eq(customerIdentities.kind, identity.kind),
        eq(customerIdentities.system, identity.system),
        eq(customerIdentities.value, identity.value),
      ),
    ),
  );
}
