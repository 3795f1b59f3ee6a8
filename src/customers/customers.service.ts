import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import type { TimelineService } from "../timeline";
import type { WorkspaceSettings, WorkspaceSettingsReader } from "../workspaces";
import { customersRepository, type CustomerRow, type IdentityRow } from "./customers.repository";
import { customerNotFound, identityNotFound, identityOwnedByOther, identityTaken } from "./customers.errors";
import { effectiveVerification } from "./lib/effective-verification";
import { createMergeOperations, toProposal } from "./merge.service";
import { createOrderOwnerLink } from "./order-owner-link.service";
import { normalizeIdentity, type NormalizedIdentity } from "./lib/normalize-identity";
import type { Customer, Identity, IdentityClaim, MergeProposal, VerificationMethod } from "./customers.types";

export type CustomersService = ReturnType<typeof createCustomersService>;

/** Thrown when a concurrent contact created the same identity first; the caller retries its transaction. */
export class IdentityRaceError extends Error {
  override name = "IdentityRaceError";
}

/** Which identity says most about who someone is, when one contact matches several customers. */
const KIND_STRENGTH: Record<string, number> = {
  external: 6,
  loyalty: 5,
  email: 4,
  phone: 3,
  social: 2,
  device: 1,
};

const toIdentity = (row: IdentityRow): Identity => ({
  id: row.id,
  kind: row.kind,
  system: row.system,
  value: row.value,
  verificationLevel: row.verificationLevel,
  verifiedAt: row.verifiedAt,
  verifiedMethod: row.verifiedMethod,
  createdAt: row.createdAt,
});

export type ResolvedContact = {
  customer: Customer;
  /** The customer's identities this contact presented: what its verification is judged by. */
  presented: Identity[];
  created: boolean;
  mergeProposals: MergeProposal[];
};

const identityKey = (identity: { kind: string; system: string; value: string }) =>
  `${identity.kind}|${identity.system}|${identity.value}`;

export function createCustomersService(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  timeline: TimelineService;
  settings: WorkspaceSettingsReader;
}) {
  const { clock, events, timeline, settings } = deps;

  async function assemble(
    db: Db,
    row: CustomerRow,
    known?: WorkspaceSettings,
    identityRows?: IdentityRow[],
  ): Promise<Customer> {
    const identities = (
      identityRows ?? (await customersRepository(db).listIdentities(row.workspaceId, [row.id]))
    ).map(toIdentity);
    const { verificationTrustHours } = known ?? (await settings.get(row.workspaceId, db));
    return {
      id: row.id,
      workspaceId: row.workspaceId,
      displayName: row.displayName,
      tier: row.tier,
      locale: row.locale,
      attributes: row.attributes,
      mergedIntoId: row.mergedIntoId,
      identities,
      verification: effectiveVerification(identities, clock.now(), verificationTrustHours),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  async function normalizeAll(
    workspaceId: string,
    claims: IdentityClaim[],
    fieldPrefix: string,
    db: Db = deps.db,
    known?: WorkspaceSettings,
  ) {
    const { defaultRegion } = known ?? (await settings.get(workspaceId, db));
    const seen = new Map<string, { normalized: NormalizedIdentity; claim: IdentityClaim }>();
    claims.forEach((claim, index) => {
      const normalized = normalizeIdentity(claim, { defaultRegion, field: `${fieldPrefix}.${index}.value` });
      seen.set(`${normalized.kind}|${normalized.system}|${normalized.value}`, { normalized, claim });
    });
    return [...seen.values()];
  }

  async function get(workspaceId: string, id: string): Promise<Customer> {
    const row = await customersRepository(deps.db).findCustomer(workspaceId, id);
    if (!row) throw customerNotFound();
    return assemble(deps.db, row);
  }

  const merging = createMergeOperations({ ...deps, getCustomer: (workspaceId, id) => get(workspaceId, id) });

  const defaultLevel = (claim: IdentityClaim) =>
    claim.level ?? (claim.kind === "device" ? "anonymous" : "recognised");

  return {
    normalizeAll,

    /**
     * Identity resolution for an inbound contact: a known identity finds its customer, an
     * unknown contact creates one, and identities that point at two customers propose a merge
     * (never merge silently: a shared family email must not join two people's orders).
     */
    async resolveContact(
      db: Db,
      input: {
        workspaceId: string;
        claims: IdentityClaim[];
        source: string;
        displayName?: string | null;
        at: Date;
        /** Already read by the caller; saves a query per contact. */
        settings?: WorkspaceSettings;
      },
    ): Promise<ResolvedContact> {
      const repo = customersRepository(db);
      const claims = await normalizeAll(input.workspaceId, input.claims, "identities", db, input.settings);
      const owned = await repo.findOwnersWithIdentities(
        input.workspaceId,
        claims.map((c) => c.normalized),
      );
      const claimKeys = new Set(claims.map(({ normalized }) => identityKey(normalized)));
      const existing = owned.map((row) => row.identity).filter((row) => claimKeys.has(identityKey(row)));

      let customerRow: CustomerRow | undefined;
      let created = false;
      if (existing.length === 0) {
        customerRow = await repo.insertCustomer({
          id: newId("customer", input.at.getTime()),
          workspaceId: input.workspaceId,
          displayName: input.displayName ?? null,
          createdAt: input.at,
          updatedAt: input.at,
        });
        created = true;
      } else {
        const strongest = [...existing].sort(
          (a, b) =>
            Number(b.verificationLevel === "verified") - Number(a.verificationLevel === "verified") ||
            (KIND_STRENGTH[b.kind] ?? 0) - (KIND_STRENGTH[a.kind] ?? 0),
        )[0];
        customerRow = owned.find((row) => row.customer.id === strongest?.customerId)?.customer;
        if (!customerRow) throw new Error("identity points at a missing customer");
        if (!customerRow.displayName && input.displayName) {
          customerRow =
            (await repo.updateCustomer(
              input.workspaceId,
              customerRow.id,
              { displayName: input.displayName },
              input.at,
            )) ?? customerRow;
        }
      }
      const chosenId = customerRow.id;
      const identities = owned
        .filter((row) => row.identity.customerId === chosenId)
        .map((row) => row.identity);

      const known = new Set(existing.map(identityKey));
      for (const { normalized, claim } of claims) {
        if (known.has(identityKey(normalized))) continue;
        const inserted = await repo.insertIdentity({
          id: newId("identity", input.at.getTime()),
          workspaceId: input.workspaceId,
          customerId: customerRow.id,
          ...normalized,
          verificationLevel: defaultLevel(claim),
          createdAt: input.at,
        });
        if (!inserted) throw new IdentityRaceError("identity created concurrently");
        identities.push(inserted);
      }

      const proposals: MergeProposal[] = [];
      const others = new Map(
        existing.filter((row) => row.customerId !== customerRow.id).map((row) => [row.customerId, row]),
      );
      for (const [otherId, identity] of others) {
        proposals.push(
          toProposal(
            await repo.insertProposal({
              id: newId("mergeProposal"),
              workspaceId: input.workspaceId,
              customerId: customerRow.id,
              otherCustomerId: otherId,
              identityKind: identity.kind,
              identityValue: identity.value,
              source: input.source,
              createdAt: input.at,
            }),
          ),
        );
      }
      if (created) {
        await timeline.append(
          {
            workspaceId: input.workspaceId,
            customerId: customerRow.id,
            kind: "customer.created",
            channel: input.source,
            refId: customerRow.id,
            summary: `First contact via ${input.source}`,
            occurredAt: input.at,
          },
          db,
        );
      }
      const customer = await assemble(db, customerRow, input.settings, identities);
      return {
        customer,
        presented: customer.identities.filter((identity) => claimKeys.has(identityKey(identity))),
        created,
        mergeProposals: proposals,
      };
    },

    get,

    /**
     * The live customer owning an identity (following merges), or undefined. A value that is not
     * a valid identity of that kind finds nobody rather than failing: look-ups try several kinds.
     */
    async findByIdentity(workspaceId: string, claim: IdentityClaim): Promise<Customer | undefined> {
      let normalized: NormalizedIdentity;
      try {
        const { defaultRegion } = await settings.get(workspaceId);
        normalized = normalizeIdentity(claim, { defaultRegion });
      } catch {
        return undefined;
      }
      const repo = customersRepository(deps.db);
      let row = await repo.ownerOf(workspaceId, normalized);
      for (let hops = 0; row?.mergedIntoId && hops < 10; hops++) row = await repo.findCustomer(workspaceId, row.mergedIntoId);
      return row ? assemble(deps.db, row) : undefined;
    },

    /** The identities of a customer that these claims present (for a redelivered contact). */
    async presentedIdentities(customer: Customer, claims: IdentityClaim[]): Promise<Identity[]> {
      const normalized = await normalizeAll(customer.workspaceId, claims, "identities");
      const keys = new Set(normalized.map((entry) => identityKey(entry.normalized)));
      return customer.identities.filter((identity) => keys.has(identityKey(identity)));
    },

    async list(workspaceId: string, options: { search?: string; cursor?: string; limit: number }) {
      const rows = await customersRepository(deps.db).listCustomers(workspaceId, {
        search: options.search,
        beforeId: options.cursor,
        limit: options.limit + 1,
      });
      const page = rows.slice(0, options.limit);
      return {
        customers: await Promise.all(page.map((row) => assemble(deps.db, row))),
        nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    async create(
      workspaceId: string,
      input: {
        displayName?: string | null;
        tier?: string;
        locale?: string | null;
        identities: IdentityClaim[];
      },
    ): Promise<Customer> {
      const now = clock.now();
      const claims = await normalizeAll(workspaceId, input.identities, "identities");
      const customer = await deps.db.transaction(async (tx) => {
        const repo = customersRepository(tx);
        const taken = await repo.findIdentities(
          workspaceId,
          claims.map((c) => c.normalized),
        );
        const first = taken[0];
        if (first) {
          const index = claims.findIndex(
            (c) => c.normalized.kind === first.kind && c.normalized.value === first.value,
          );
          throw identityTaken(`identities.${Math.max(index, 0)}.value`, first.customerId);
        }
        const row = await repo.insertCustomer({
          id: newId("customer", now.getTime()),
          workspaceId,
          displayName: input.displayName ?? null,
          tier: input.tier ?? "standard",
          locale: input.locale ?? null,
          createdAt: now,
          updatedAt: now,
        });
        for (const { normalized, claim } of claims) {
          const inserted = await repo.insertIdentity({
            id: newId("identity", now.getTime()),
            workspaceId,
            customerId: row.id,
            ...normalized,
            verificationLevel: defaultLevel(claim),
            createdAt: now,
          });
          if (!inserted) throw new IdentityRaceError("identity created concurrently");
        }
        await timeline.append(
          {
            workspaceId,
            customerId: row.id,
            kind: "customer.created",
            refId: row.id,
            summary: "Customer created by staff",
            occurredAt: now,
          },
          tx,
        );
        return assemble(tx, row);
      });
      events.emit({
        name: "customer.created",
        workspaceId,
        occurredAt: now,
        payload: { customerId: customer.id },
      });
      return customer;
    },

    async update(
      workspaceId: string,
      id: string,
      patch: {
        displayName?: string | null;
        tier?: string;
        locale?: string | null;
        attributes?: Record<string, unknown>;
      },
    ): Promise<Customer> {
      const row = await customersRepository(deps.db).updateCustomer(workspaceId, id, patch, clock.now());
      if (!row) throw customerNotFound();
      return assemble(deps.db, row);
    },

    /** Adding an identity that another customer owns records a merge proposal and answers 409. */
    async addIdentity(
      workspaceId: string,
      customerId: string,
      claim: IdentityClaim,
      source: string,
    ): Promise<Customer> {
      const now = clock.now();
      const [{ normalized } = { normalized: undefined }] = await normalizeAll(
        workspaceId,
        [claim],
        "identities",
      );
      if (!normalized) throw new Error("normalisation produced nothing");
      const outcome = await deps.db.transaction(async (tx) => {
        const repo = customersRepository(tx);
        const customer = await repo.findCustomer(workspaceId, customerId);
        if (!customer || customer.mergedIntoId) throw customerNotFound();
        const [owner] = await repo.findIdentities(workspaceId, [normalized]);
        if (owner && owner.customerId === customerId) return { customer, conflict: undefined };
        if (owner) {
          const proposal = await repo.insertProposal({
            id: newId("mergeProposal"),
            workspaceId,
            customerId,
            otherCustomerId: owner.customerId,
            identityKind: owner.kind,
            identityValue: owner.value,
            source,
            createdAt: now,
          });
          return { customer, conflict: proposal };
        }
        await repo.insertIdentity({
          id: newId("identity", now.getTime()),
          workspaceId,
          customerId,
          ...normalized,
          verificationLevel: defaultLevel(claim),
          createdAt: now,
        });
        await timeline.append(
          {
            workspaceId,
            customerId,
            kind: "identity.added",
            channel: source,
            summary: `${normalized.kind} identity added`,
            data: { kind: normalized.kind, system: normalized.system },
            occurredAt: now,
          },
          tx,
        );
        return { customer, conflict: undefined };
      });
      // The proposal must survive, so the 409 is raised only after its transaction committed.
      if (outcome.conflict) throw identityOwnedByOther(outcome.conflict.id, outcome.conflict.otherCustomerId);
      return assemble(deps.db, outcome.customer);
    },

    async verifyIdentity(
      workspaceId: string,
      customerId: string,
      identityId: string,
      method: VerificationMethod,
      actor: string,
      db: Db = deps.db,
    ): Promise<Customer> {
      const now = clock.now();
      const customer = await db.transaction(async (tx) => {
        const repo = customersRepository(tx);
        const customerRow = await repo.findCustomer(workspaceId, customerId);
        if (!customerRow || customerRow.mergedIntoId) throw customerNotFound();
        const identities = await repo.listIdentities(workspaceId, [customerId]);
        if (!identities.some((identity) => identity.id === identityId)) throw identityNotFound();
        await repo.setVerification(workspaceId, identityId, "verified", method, now);
        await timeline.append(
          {
            workspaceId,
            customerId,
            kind: "customer.verified",
            refId: identityId,
            summary: `Identity verified by ${method.replace(/_/g, " ")}`,
            data: { method, actor },
            occurredAt: now,
          },
          tx,
        );
        return assemble(tx, customerRow);
      });
      events.emit({
        name: "customer.verified",
        workspaceId,
        occurredAt: now,
        payload: { customerId, method },
      });
      return customer;
    },

    ...merging,

    /** Links a contact that proved an order to the order's customer (see order-owner-link.service). */
    linkToOrderOwner: createOrderOwnerLink({ ...deps, mergeWithin: merging.mergeWithin }),
  };
}
