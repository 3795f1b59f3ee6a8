import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { newId } from "../../core/ids";
import type { Db } from "../../db/client";
import type { ProductHit, VariantWithProduct } from "../catalogue";
import type { Product } from "../retail-records";
import type { UpsertCounts } from "./orders.repository";
import { retailProducts, retailVariants } from "./retail.schema";

type ProductRow = typeof retailProducts.$inferSelect;
type VariantRow = typeof retailVariants.$inferSelect;

const toVariant = (row: VariantRow) => ({
  sku: row.sku,
  title: row.title || undefined,
  options: row.options,
  price: Number(row.price),
  currency: row.currency,
  available: row.available,
});

const toProduct = (row: ProductRow, variants: VariantRow[]): Product => ({
  id: row.externalId,
  title: row.title,
  description: row.description,
  category: row.category,
  brand: row.brand,
  finalSale: row.finalSale,
  tags: row.tags,
  variants: variants.map(toVariant),
});

export function catalogueRepository(db: Db) {
  return {
    async upsert(
      workspaceId: string,
      items: { product: Product; hash: string }[],
      now: Date,
    ): Promise<UpsertCounts> {
      const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
      if (items.length === 0) return counts;
      const written = await db
        .insert(retailProducts)
        .values(
          items.map(({ product, hash }) => ({
            id: newId("product", now.getTime()),
            workspaceId,
            externalId: product.id,
            title: product.title,
            description: product.description,
            category: product.category.toLowerCase(),
            brand: product.brand,
            finalSale: product.finalSale,
            tags: product.tags,
            contentHash: hash,
            updatedAt: now,
          })),
        )
        .onConflictDoUpdate({
          target: [retailProducts.workspaceId, retailProducts.externalId],
          set: {
            title: sql`excluded.title`,
            description: sql`excluded.description`,
            category: sql`excluded.category`,
            brand: sql`excluded.brand`,
            finalSale: sql`excluded.final_sale`,
            tags: sql`excluded.tags`,
            contentHash: sql`excluded.content_hash`,
            updatedAt: sql`excluded.updated_at`,
          },
          setWhere: sql`${retailProducts.contentHash} <> excluded.content_hash`,
        })
        .returning({ id: retailProducts.id, externalId: retailProducts.externalId, inserted: sql<boolean>`(xmax = 0)` });
      counts.inserted = written.filter((row) => row.inserted).length;
      counts.updated = written.length - counts.inserted;
      counts.unchanged = items.length - written.length;
      const byExternal = new Map(items.map((item) => [item.product.id, item.product]));
      for (const row of written) {
        const product = byExternal.get(row.externalId);
        if (!product) continue;
        const skus = product.variants.map((variant) => variant.sku);
        // Variants dropped from the product disappear with it; SKUs moved from another product follow.
        await db
          .delete(retailVariants)
          .where(
            and(
              eq(retailVariants.workspaceId, workspaceId),
              eq(retailVariants.productId, row.id),
              notInArray(retailVariants.sku, skus),
            ),
          );
        await db
          .insert(retailVariants)
          .values(
            product.variants.map((variant) => ({
              id: newId("variant", now.getTime()),
              workspaceId,
              productId: row.id,
              sku: variant.sku,
              title: variant.title ?? "",
              options: variant.options,
              price: variant.price.toFixed(2),
              currency: variant.currency,
              available: variant.available,
            })),
          )
          .onConflictDoUpdate({
            target: [retailVariants.workspaceId, retailVariants.sku],
            set: {
              productId: sql`excluded.product_id`,
              title: sql`excluded.title`,
              options: sql`excluded.options`,
              price: sql`excluded.price`,
              currency: sql`excluded.currency`,
              available: sql`excluded.available`,
            },
          });
      }
      return counts;
    },

    async getProduct(workspaceId: string, externalId: string): Promise<Product | null> {
      const [row] = await db
        .select()
        .from(retailProducts)
        .where(and(eq(retailProducts.workspaceId, workspaceId), eq(retailProducts.externalId, externalId)));
      if (!row) return null;
      const variants = await db
        .select()
        .from(retailVariants)
        .where(and(eq(retailVariants.workspaceId, workspaceId), eq(retailVariants.productId, row.id)))
        .orderBy(asc(retailVariants.sku));
      return toProduct(row, variants);
    },

    async getVariant(workspaceId: string, sku: string): Promise<VariantWithProduct | null> {
      const [row] = await db
        .select({ variant: retailVariants, product: retailProducts })
        .from(retailVariants)
        .innerJoin(retailProducts, eq(retailProducts.id, retailVariants.productId))
        .where(and(eq(retailVariants.workspaceId, workspaceId), eq(retailVariants.sku, sku)));
      if (!row) return null;
      return {
        ...toVariant(row.variant),
        product: {
          id: row.product.externalId,
          title: row.product.title,
          category: row.product.category,
          finalSale: row.product.finalSale,
        },
      };
    },

    async variantsBySku(workspaceId: string, skus: string[]): Promise<VariantRow[]> {
      if (skus.length === 0) return [];
      return db
        .select()
        .from(retailVariants)
        .where(and(eq(retailVariants.workspaceId, workspaceId), inArray(retailVariants.sku, skus)));
    },

    /**
     * Full-text match (stemmed, weighted title > brand/category > description) or trigram
     * similarity on the title, so "jakcet" still finds "Rain Jacket".
     */
    async search(
      workspaceId: string,
      query: string,
      options: { limit: number; category?: string },
    ): Promise<ProductHit[]> {
      const rows = await db.execute<{
        external_id: string;
        title: string;
        category: string;
        brand: string;
        final_sale: boolean;
        price_from: string | null;
        currency: string | null;
        available: boolean | null;
        score: number;
      }>(sql`
        WITH q AS (SELECT websearch_to_tsquery('english', ${query}) AS ts, lower(${query}) AS raw)
        SELECT p.external_id, p.title, p.category, p.brand, p.final_sale,
               min(v.price)::text AS price_from, min(v.currency) AS currency, bool_or(v.available) AS available,
               (ts_rank(p.search, q.ts) + greatest(word_similarity(q.raw, lower(p.title)), similarity(q.raw, lower(p.title)),
                 word_similarity(lower(p.title), q.raw)))::float8 AS score
        FROM retail_products p CROSS JOIN q
        LEFT JOIN retail_variants v ON v.product_id = p.id
        WHERE p.workspace_id = ${workspaceId}
          AND (${options.category ?? null}::text IS NULL OR p.category = lower(${options.category ?? null}::text))
          -- The last test finds a title named inside a longer sentence ("do you have the Trail Rain Jacket in M?").
          AND (p.search @@ q.ts OR word_similarity(q.raw, lower(p.title)) >= 0.3 OR lower(p.title) % q.raw
               OR word_similarity(lower(p.title), q.raw) >= 0.8
               OR EXISTS (SELECT 1 FROM unnest(p.tags) t WHERE lower(t) = q.raw))
        GROUP BY p.id, q.ts, q.raw
        ORDER BY score DESC, p.title ASC
        LIMIT ${options.limit}
      `);
      const list = Array.isArray(rows) ? rows : (rows as { rows: typeof rows }).rows;
      return (list as unknown as Array<Record<string, unknown>>).map((row) => ({
        id: String(row.external_id),
        title: String(row.title),
        category: String(row.category),
        brand: String(row.brand),
        finalSale: Boolean(row.final_sale),
        priceFrom: Number(row.price_from ?? 0),
        currency: String(row.currency ?? "USD"),
        available: Boolean(row.available),
        score: Math.round(Number(row.score) * 1000) / 1000,
      }));
    },
  };
}
