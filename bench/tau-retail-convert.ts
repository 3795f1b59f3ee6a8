/**
 * Converts the τ-bench retail mock store (users.json, orders.json, products.json) into
 * Throughline's import formats: the shape a retailer's own export would be mapped to.
 * The data has no dates, so orders carry none; "processed" becomes "processing".
 */
import fs from "node:fs";
import path from "node:path";
import type { OrderInput, ProductInput } from "../src/connectors";

type TauAddress = { address1: string; address2: string; city: string; country: string; state: string; zip: string };
type TauUser = { name: { first_name: string; last_name: string }; address: TauAddress; email: string; orders: string[] };
type TauItem = { name: string; product_id: string; item_id: string; price: number; options: Record<string, string> };
type TauOrder = {
  order_id: string;
  user_id: string;
  address: TauAddress;
  items: TauItem[];
  fulfillments: { tracking_id: string[]; item_ids: string[] }[];
  status: string;
  payment_history: { transaction_type: "payment" | "refund"; amount: number; payment_method_id: string }[];
};
type TauProduct = { name: string; product_id: string; variants: Record<string, { item_id: string; options: Record<string, string>; available: boolean; price: number }> };

export type TauData = { users: Record<string, TauUser>; orders: Record<string, TauOrder>; products: Record<string, TauProduct> };

export function readTau(dir: string): TauData {
  const read = <T>(name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as T;
  return { users: read("users.json"), orders: read("orders.json"), products: read("products.json") };
}

/** τ-bench status → Throughline status; statuses added by tools during a task map to the nearest. */
export const TAU_STATUS: Record<string, OrderInput["status"]> = {
  pending: "pending",
  "pending (item modified)": "pending",
  processed: "processing",
  delivered: "delivered",
  "return requested": "delivered",
  "exchange requested": "delivered",
  cancelled: "cancelled",
};

const round2 = (n: number) => Math.round(n * 100) / 100;
const country = (value: string) => (value === "USA" ? "US" : value.slice(0, 2).toUpperCase());

export function convertOrder(order: TauOrder, user: TauUser | undefined): OrderInput {
  const lines = order.items.map((item, index) => ({
    id: String(index + 1),
    sku: item.item_id,
    productId: item.product_id,
    title: item.name,
    options: Object.fromEntries(Object.entries(item.options).map(([k, v]) => [k, String(v)])),
    quantity: 1,
    unitPrice: item.price,
  }));
  const used = new Set<string>();
  const lineFor = (itemId: string) => {
    const line = lines.find((l) => l.sku === itemId && !used.has(l.id));
    if (line) used.add(line.id);
    return line?.id;
  };
  const subtotal = round2(order.items.reduce((sum, item) => sum + item.price, 0));
  return {
    number: order.order_id,
    status: TAU_STATUS[order.status] ?? "pending",
    sourceStatus: order.status,
    customer: { email: user?.email, externalId: order.user_id, name: user ? `${user.name.first_name} ${user.name.last_name}` : undefined },
    shippingAddress: {
      line1: order.address.address1,
      line2: order.address.address2 || undefined,
      city: order.address.city,
      region: order.address.state,
      postalCode: order.address.zip,
      country: country(order.address.country),
    },
    lines,
    totals: { subtotal, shipping: 0, tax: 0, discount: 0, total: subtotal },
    payments: order.payment_history.filter((p) => p.transaction_type === "payment").map((p) => ({ method: p.payment_method_id, amount: p.amount })),
    refunds: order.payment_history.filter((p) => p.transaction_type === "refund").map((p) => ({ amount: p.amount, method: p.payment_method_id, lineIds: [] })),
    fulfilments: order.fulfillments.map((f, index) => ({
      id: `${order.order_id}-F${index + 1}`,
      status: order.status === "delivered" ? "delivered" : order.status === "processed" ? "pending" : "in_transit",
      trackingNumbers: f.tracking_id,
      lineIds: f.item_ids.map(lineFor).filter((id): id is string => Boolean(id)),
    })),
  };
}

export function convertProducts(data: TauData): ProductInput[] {
  return Object.values(data.products).map((product) => ({
    id: product.product_id,
    title: product.name,
    category: product.name.toLowerCase(),
    variants: Object.values(product.variants).map((v) => ({
      sku: v.item_id,
      options: Object.fromEntries(Object.entries(v.options).map(([k, val]) => [k, String(val)])),
      price: v.price,
      available: v.available,
    })),
  }));
}

export function convertOrders(data: TauData): OrderInput[] {
  return Object.values(data.orders).map((order) => convertOrder(order, data.users[order.user_id]));
}

/** Writes products.ndjson and orders.ndjson for `throughline import`. */
export function writeNdjson(data: TauData, outDir: string): { products: string; orders: string } {
  fs.mkdirSync(outDir, { recursive: true });
  const products = path.join(outDir, "products.ndjson");
  const orders = path.join(outDir, "orders.ndjson");
  fs.writeFileSync(products, convertProducts(data).map((p) => JSON.stringify(p)).join("\n") + "\n");
  fs.writeFileSync(orders, convertOrders(data).map((o) => JSON.stringify(o)).join("\n") + "\n");
  return { products, orders };
}
