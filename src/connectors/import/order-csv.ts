import type { RawRecord } from "./read-records";

/**
 * Orders as CSV: one row per order line, the order's own columns repeated on each of its rows
 * (consecutive rows with the same `number` are one order). Columns:
 * number,status,currency,placed_at,updated_at,customer_email,customer_name,customer_id,
 * line_id,sku,title,quantity,unit_price,ship_name,ship_line1,ship_line2,ship_city,ship_region,
 * ship_postal_code,ship_country,shipping,tax,discount. Blank cells are left out.
 */
const cell = (row: Record<string, string>, name: string) => {
  const value = row[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
};
const numeric = (value: string | undefined) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
};
const compact = (object: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

export function orderFromCsvRows(rows: Record<string, string>[]): unknown {
  const first = rows[0] ?? {};
  const shipLine1 = cell(first, "ship_line1");
  return compact({
    number: cell(first, "number"),
    status: cell(first, "status"),
    currency: cell(first, "currency"),
    placedAt: cell(first, "placed_at"),
    updatedAt: cell(first, "updated_at"),
    customer: compact({
      email: cell(first, "customer_email"),
      name: cell(first, "customer_name"),
      externalId: cell(first, "customer_id"),
    }),
    shippingAddress: shipLine1
      ? compact({
          name: cell(first, "ship_name"),
          line1: shipLine1,
          line2: cell(first, "ship_line2"),
          city: cell(first, "ship_city"),
          region: cell(first, "ship_region"),
          postalCode: cell(first, "ship_postal_code"),
          country: cell(first, "ship_country"),
        })
      : undefined,
    lines: rows.map((row, index) =>
      compact({
        id: cell(row, "line_id") ?? String(index + 1),
        sku: cell(row, "sku"),
        title: cell(row, "title"),
        quantity: numeric(cell(row, "quantity")),
        unitPrice: numeric(cell(row, "unit_price")),
      }),
    ),
    totals: compact({
      shipping: numeric(cell(first, "shipping")),
      tax: numeric(cell(first, "tax")),
      discount: numeric(cell(first, "discount")),
    }),
  });
}

/** Joins consecutive rows of one order into one record, positioned at its first row. */
export async function* groupOrderCsvRows(rows: AsyncIterable<RawRecord> | Iterable<RawRecord>): AsyncGenerator<RawRecord> {
  let current: { position: RawRecord["position"]; number: string | undefined; rows: Record<string, string>[] } | undefined;
  for await (const raw of rows) {
    if ("error" in raw) {
      yield raw;
      continue;
    }
    const row = raw.value as Record<string, string>;
    const number = cell(row, "number");
    if (current && number !== undefined && current.number === number) {
      current.rows.push(row);
      continue;
    }
    if (current) yield { position: current.position, value: orderFromCsvRows(current.rows) };
    current = { position: raw.position, number, rows: [row] };
  }
  if (current) yield { position: current.position, value: orderFromCsvRows(current.rows) };
}
