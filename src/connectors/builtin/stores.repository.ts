import { and, asc, eq, sql } from "drizzle-orm";
import { newId } from "../../core/ids";
import type { Db } from "../../db/client";
import type { GeoPoint } from "../store-directory";
import type { Store } from "../retail-records";
import type { UpsertCounts } from "./orders.repository";
import { retailPostalCodes, retailStores } from "./retail.schema";

export function storesRepository(db: Db) {
  return {
    async upsert(workspaceId: string, items: { store: Store; hash: string }[], now: Date): Promise<UpsertCounts> {
      if (items.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      const written = await db
        .insert(retailStores)
        .values(
          items.map(({ store, hash }) => ({
            id: newId("store", now.getTime()),
            workspaceId,
            code: store.code,
            name: store.name,
            kind: store.kind,
            latitude: store.latitude,
            longitude: store.longitude,
            timezone: store.timezone,
            postalCode: normalisePostalCode(store.address.postalCode),
            country: store.address.country,
            doc: store,
            contentHash: hash,
            updatedAt: now,
          })),
        )
        .onConflictDoUpdate({
          target: [retailStores.workspaceId, retailStores.code],
          set: {
            name: sql`excluded.name`,
            kind: sql`excluded.kind`,
            latitude: sql`excluded.latitude`,
            longitude: sql`excluded.longitude`,
            timezone: sql`excluded.timezone`,
            postalCode: sql`excluded.postal_code`,
            country: sql`excluded.country`,
            doc: sql`excluded.doc`,
            contentHash: sql`excluded.content_hash`,
            updatedAt: sql`excluded.updated_at`,
          },
          setWhere: sql`${retailStores.contentHash} <> excluded.content_hash`,
        })
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      const inserted = written.filter((row) => row.inserted).length;
      return { inserted, updated: written.length - inserted, unchanged: items.length - written.length };
    },

    async list(workspaceId: string): Promise<Store[]> {
      const rows = await db
        .select({ doc: retailStores.doc })
        .from(retailStores)
        .where(eq(retailStores.workspaceId, workspaceId))
        .orderBy(asc(retailStores.code));
      return rows.map((row) => row.doc);
    },

    async get(workspaceId: string, code: string): Promise<Store | null> {
      const [row] = await db
        .select({ doc: retailStores.doc })
        .from(retailStores)
        .where(and(eq(retailStores.workspaceId, workspaceId), eq(retailStores.code, code)));
      return row?.doc ?? null;
    },

    async upsertPostalCodes(
      workspaceId: string,
      items: { country: string; postalCode: string; latitude: number; longitude: number }[],
    ): Promise<UpsertCounts> {
      if (items.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      const written = await db
        .insert(retailPostalCodes)
        .values(items.map((item) => ({ ...item, workspaceId, postalCode: normalisePostalCode(item.postalCode) })))
        .onConflictDoUpdate({
          target: [retailPostalCodes.workspaceId, retailPostalCodes.country, retailPostalCodes.postalCode],
          set: { latitude: sql`excluded.latitude`, longitude: sql`excluded.longitude` },
          setWhere: sql`(${retailPostalCodes.latitude}, ${retailPostalCodes.longitude}) IS DISTINCT FROM (excluded.latitude, excluded.longitude)`,
        })
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      const inserted = written.filter((row) => row.inserted).length;
      return { inserted, updated: written.length - inserted, unchanged: items.length - written.length };
    },

    async locatePostalCode(workspaceId: string, country: string, postalCode: string): Promise<GeoPoint | null> {
      const code = normalisePostalCode(postalCode);
      const [known] = await db
        .select({ latitude: retailPostalCodes.latitude, longitude: retailPostalCodes.longitude })
        .from(retailPostalCodes)
        .where(
          and(
            eq(retailPostalCodes.workspaceId, workspaceId),
            eq(retailPostalCodes.country, country),
            eq(retailPostalCodes.postalCode, code),
          ),
        );
      if (known) return known;
      const [store] = await db
        .select({ latitude: retailStores.latitude, longitude: retailStores.longitude })
        .from(retailStores)
        .where(
          and(
            eq(retailStores.workspaceId, workspaceId),
            eq(retailStores.country, country),
            eq(retailStores.postalCode, code),
          ),
        )
        .limit(1);
      return store ?? null;
    },
  };
}

/** Upper-case without spaces, so "sw1a 1aa" and "SW1A1AA" are one code. */
export function normalisePostalCode(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}
