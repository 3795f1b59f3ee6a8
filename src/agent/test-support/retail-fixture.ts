import { createImportService } from "../../connectors";
import type { Services } from "../../services";

/**
 * Retail data for agent tests, created through the import service in the test's own workspace:
 * two stores in New York (one with a holiday), a jacket with sizes, and orders for two shoppers.
 */
export async function seedRetail(services: Services, workspaceId: string, emails: { maya: string; jane: string }) {
  const imports = createImportService({ db: services.db, clock: services.clock });
  const week = { open: "10:00", close: "20:00" };
  await imports.importRecords(workspaceId, "stores", [
    {
      code: "NYC-SOHO",
      name: "Soho",
      address: { line1: "120 Prince Street", city: "New York", region: "NY", postalCode: "10012", country: "US" },
      latitude: 40.7246,
      longitude: -73.9986,
      timezone: "America/New_York",
      hours: { mon: [week], tue: [week], wed: [week], thu: [week], fri: [week], sat: [week], sun: [{ open: "11:00", close: "18:00" }] },
      holidays: [{ date: "2026-01-19", name: "Martin Luther King Jr. Day", closed: true }],
    },
    {
      code: "NYC-UWS",
      name: "Upper West Side",
      address: { line1: "2100 Broadway", city: "New York", region: "NY", postalCode: "10023", country: "US" },
      latitude: 40.7794,
      longitude: -73.9818,
      timezone: "America/New_York",
      hours: { mon: [week], tue: [week], wed: [week], thu: [week], fri: [week], sat: [week] },
    },
  ]);
  await imports.importRecords(workspaceId, "products", [
    {
      id: "P-JACKET",
      title: "Aero Running Jacket",
      description: "A light, water-resistant running jacket with reflective trim. Packs into its own pocket.",
      category: "outerwear",
      brand: "Northwind",
      variants: [
        { sku: "JKT-S-BLK", options: { size: "S", colour: "Black" }, price: 120 },
        { sku: "JKT-M-BLK", options: { size: "M", colour: "Black" }, price: 120 },
        { sku: "JKT-M-BLU", options: { size: "M", colour: "Blue" }, price: 120 },
      ],
    },
  ]);
  await imports.importRecords(workspaceId, "inventory", [
    { sku: "JKT-M-BLK", location: "NYC-SOHO", quantity: 3 },
    { sku: "JKT-M-BLU", location: "NYC-UWS", quantity: 2 },
  ]);
  const line = (id: string, sku: string, title: string, price: number) => ({ id, sku, title, quantity: 1, unitPrice: price, productId: "P-JACKET", category: "outerwear" });
  await imports.importRecords(workspaceId, "orders", [
    {
      number: "1001",
      status: "processing",
      placedAt: "2026-01-13T10:00:00Z",
      customer: { email: emails.maya },
      shippingAddress: { line1: "5 Spring Street", city: "New York", postalCode: "10012", country: "US" },
      lines: [line("L1", "JKT-M-BLK", "Aero Running Jacket", 120)],
      payments: [{ method: "card", amount: 120 }],
    },
    {
      number: "1002",
      status: "shipped",
      placedAt: "2026-01-10T10:00:00Z",
      customer: { email: emails.maya },
      shippingAddress: { line1: "5 Spring Street", city: "New York", postalCode: "10012", country: "US" },
      lines: [line("L1", "JKT-S-BLK", "Aero Running Jacket", 120)],
      fulfilments: [
        { id: "F1", status: "in_transit", carrier: "UPS", trackingNumbers: ["1Z999"], lineIds: ["L1"], shippedAt: "2026-01-12T09:00:00Z" },
      ],
      estimatedDeliveryAt: "2026-01-16T18:00:00Z",
    },
    {
      number: "1003",
      status: "delivered",
      placedAt: "2025-12-01T10:00:00Z",
      customer: { email: emails.maya },
      shippingAddress: { line1: "5 Spring Street", city: "New York", postalCode: "10012", country: "US" },
      lines: [line("L1", "JKT-M-BLU", "Aero Running Jacket", 120)],
      deliveredAt: "2025-12-05T12:00:00Z",
    },
    {
      number: "1004",
      status: "delivered",
      placedAt: "2026-01-05T10:00:00Z",
      customer: { email: emails.maya },
      shippingAddress: { line1: "5 Spring Street", city: "New York", postalCode: "10012", country: "US" },
      lines: [line("L1", "JKT-M-BLK", "Aero Running Jacket", 120)],
      payments: [{ method: "card", amount: 120 }],
      deliveredAt: "2026-01-10T12:00:00Z",
    },
    {
      number: "2002",
      status: "processing",
      placedAt: "2026-01-14T10:00:00Z",
      customer: { email: emails.jane },
      shippingAddress: { line1: "9 Elm Road", city: "Boston", postalCode: "02115", country: "US" },
      lines: [line("L1", "JKT-S-BLK", "Aero Running Jacket", 120)],
    },
  ]);
}
