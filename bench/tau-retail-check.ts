/**
 * Evaluation on data we did not write: imports the τ-bench retail database into a fresh
 * database, then reads every order back through the `order.lookup` tool as its verified owner
 * and checks status, items (SKU, price, options), tracking numbers, totals and payments.
 *
 *   npx tsx bench/tau-retail-check.ts <path-to-tau-retail> [--engine pglite|postgres]
 */
import { createRetailTools, runTool } from "../src/agent/tools";
import type { OrderView } from "../src/agent/tools/lib/order-view";
import { systemClock } from "../src/core/clock";
import { createServices } from "../src/services";
import { arg, benchDatabase } from "./lib";
import { TAU_STATUS, convertOrders, convertProducts, readTau } from "./tau-retail-convert";

const source = process.argv[2];
if (!source || source.startsWith("--")) {
  console.error("usage: npx tsx bench/tau-retail-check.ts <path-to-tau-retail> [--engine pglite|postgres]");
  process.exit(2);
}
const engine = (arg("engine", "pglite") ?? "pglite") as "pglite" | "postgres";
const config = { SESSION_TTL_HOURS: 12, VERIFICATION_TRUST_HOURS: 24, CASE_RECENCY_HOURS: 72 };
const data = readTau(source);
const { database, drop } = await benchDatabase(engine, arg("pg-admin-url"));
const failures: string[] = [];
let checked = 0;
try {
  const services = createServices({ database, clock: systemClock, config });
  const workspace = await services.workspaces.create({ slug: `tau-${Date.now()}`, name: "τ-bench retail" });
  const started = performance.now();
  const products = await services.imports.importRecords(workspace.id, "products", convertProducts(data));
  const orders = await services.imports.importRecords(workspace.id, "orders", convertOrders(data));
  const importMs = performance.now() - started;
  console.log(`Imported ${products.inserted} products and ${orders.inserted} orders in ${(importMs / 1000).toFixed(1)} s (invalid: ${products.invalid + orders.invalid})`);
  for (const problem of [...products.problems, ...orders.problems].slice(0, 10)) console.log(`  ${problem.at}: ${problem.reason}`);

  const tools = createRetailTools({ connectors: services.connectors, customers: services.customers, policies: services.policies, actions: services.orderActions });
  const lookup = tools["order.lookup"];
  if (!lookup) throw new Error("order.lookup missing");
  const lookupStarted = performance.now();
  for (const [userId, user] of Object.entries(data.users)) {
    if (user.orders.length === 0) continue;
    const customer = await services.customers.create(workspace.id, {
      displayName: `${user.name.first_name} ${user.name.last_name}`,
      identities: [{ kind: "email", value: user.email }, { kind: "external", system: "tau", value: userId }],
    });
    const email = customer.identities.find((i) => i.kind === "email");
    if (!email) throw new Error("no email identity");
    await services.customers.verifyIdentity(workspace.id, customer.id, email.id, "staff", "tau-check");
    for (const orderId of user.orders) {
      const expected = data.orders[orderId];
      if (!expected) continue;
      checked++;
      const result = await runTool(lookup, { workspaceId: workspace.id, customerId: customer.id, verifiedCustomerId: customer.id, now: new Date() }, { orderNumber: orderId });
      if (!result.ok) {
        failures.push(`${orderId}: ${result.error.code}`);
        continue;
      }
      const got = (result.data as { orders: OrderView[] }).orders[0];
      const problems: string[] = [];
      if (!got) problems.push("no order returned");
      else {
        if (got.status !== TAU_STATUS[expected.status] || got.sourceStatus !== expected.status) problems.push(`status ${got.status}/${got.sourceStatus} ≠ ${expected.status}`);
        // jsonb stores object keys in its own order, so options compare as sorted pairs.
        const opts = (o: Record<string, unknown>) => JSON.stringify(Object.entries(o).map(([k, v]) => [k, String(v)]).sort());
        const items = expected.items.map((i) => `${i.item_id}|${i.price}|${opts(i.options)}`);
        const lines = got.lines.map((l) => `${l.sku}|${l.unitPrice}|${opts(l.options)}`);
        if (JSON.stringify(items) !== JSON.stringify(lines)) problems.push("items differ");
        const tracking = expected.fulfillments.flatMap((f) => f.tracking_id).sort();
        if (JSON.stringify(tracking) !== JSON.stringify([...got.trackingNumbers].sort())) problems.push("tracking numbers differ");
        const total = Math.round(expected.items.reduce((s, i) => s + i.price, 0) * 100) / 100;
        if (Math.abs(got.totals.total - total) > 0.005) problems.push(`total ${got.totals.total} ≠ ${total}`);
        const paid = expected.payment_history.filter((p) => p.transaction_type === "payment").reduce((s, p) => s + p.amount, 0);
        const gotPaid = got.payments.reduce((s, p) => s + p.amount, 0);
        if (Math.abs(paid - gotPaid) > 0.005) problems.push(`payments ${gotPaid} ≠ ${paid}`);
        const refunded = expected.payment_history.filter((p) => p.transaction_type === "refund").reduce((s, p) => s + p.amount, 0);
        if (Math.abs(refunded - got.refunds.reduce((s, r) => s + r.amount, 0)) > 0.005) problems.push("refunds differ");
      }
      if (problems.length) failures.push(`${orderId}: ${problems.join("; ")}`);
    }
  }
  const lookupMs = performance.now() - lookupStarted;
  console.log(`Checked ${checked} orders through order.lookup in ${(lookupMs / 1000).toFixed(1)} s: ${checked - failures.length} correct, ${failures.length} wrong`);
  for (const failure of failures.slice(0, 20)) console.log(`  ${failure}`);
} finally {
  await drop();
}
process.exitCode = failures.length === 0 && checked > 0 ? 0 : 1;
