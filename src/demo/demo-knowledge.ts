import type { NewEntry } from "../knowledge";
import type { DemoSeeder } from "./demo-seed";

const DAY = 24 * 3_600_000;

/**
 * Northwind's knowledge base: the policies tools read (returns with per-category windows,
 * shipping, order changes), how-to articles, a running promotion and two operational updates.
 */
export function demoKnowledge(now: Date): NewEntry[] {
  const inDays = (days: number) => new Date(now.getTime() + days * DAY);
  return [
    {
      kind: "policy",
      slug: "return-policy",
      policyType: "returns",
      title: "Return policy",
      category: "returns",
      changeNote: "Initial policy",
      params: {
        windowDays: 30,
        categoryWindows: { footwear: 60, electronics: 15 },
        finalSaleCategories: ["clearance"],
        restockingFeePercent: 0,
        requiresUnused: true,
        exchangesAllowed: true,
      },
      body: [
        "# Return policy",
        "",
        "You can return most items within **30 days** of delivery for a full refund to the original payment method.",
        "",
        "| Category | Return window |",
        "|---|---|",
        "| Footwear | 60 days |",
        "| Electronics | 15 days |",
        "| Everything else | 30 days |",
        "",
        "- Items must be unused, with tags attached.",
        "- **Clearance items are final sale** and cannot be returned or exchanged.",
        "- Exchanges for a different size or colour are free.",
        "- Returns are free by mail with the prepaid label, or in any Northwind store.",
        "",
        "Refunds are issued within 5 business days of the return reaching our warehouse.",
      ].join("\n"),
    },
    {
      kind: "policy",
      slug: "shipping-policy",
      policyType: "shipping",
      title: "Shipping policy",
      category: "shipping",
      changeNote: "Initial policy",
      params: {
        freeShippingThreshold: 75,
        currency: "USD",
        transitDays: { standard: { min: 3, max: 5 }, express: { min: 1, max: 2 } },
        rates: { standard: 6.95, express: 14.95 },
      },
      body: [
        "# Shipping policy",
        "",
        "Standard shipping is **free on orders over $75**; below that it costs $6.95.",
        "",
        "- Standard delivery: 3–5 business days after dispatch.",
        "- Express delivery: 1–2 business days after dispatch ($14.95).",
        "- Orders placed before 2 pm Eastern on a business day are dispatched the same day.",
        "",
        "You receive a tracking link by email as soon as your order ships.",
      ].join("\n"),
    },
    {
      kind: "policy",
      slug: "order-changes",
      policyType: "order_changes",
      title: "Cancelling or changing an order",
      category: "orders",
      changeNote: "Initial policy",
      params: {
        cancellableStatuses: ["pending", "processing"],
        addressChangeStatuses: ["pending", "processing"],
      },
      body: [
        "# Cancelling or changing an order",
        "",
        "You can cancel an order or change its shipping address until it is packed for dispatch.",
        "Once an order has shipped it can no longer be cancelled; you can return it instead.",
      ].join("\n"),
    },
    {
      kind: "policy",
      slug: "price-match",
      policyType: "price_match",
      title: "Price match promise",
      category: "pricing",
      changeNote: "Initial policy",
      params: {
        windowDays: 14,
        competitors: [],
        excludedCategories: ["clearance"],
        matchesOwnPriceDrops: true,
      },
      body:
        "If the price of an item you bought drops on our site within **14 days** of purchase, we refund the " +
        "difference. Clearance items are excluded. Ask any agent or write to us with your order number.",
    },
    {
      kind: "article",
      slug: "how-to-start-a-return",
      title: "How to start a return or exchange",
      category: "returns",
      body: [
        "# How to start a return or exchange",
        "",
        "1. Open **Orders** in your account, or give us your order number and postal code in chat.",
        "2. Choose the items you are returning and the reason.",
        "3. Print the prepaid label, or bring the items to any Northwind store.",
        "",
        "Returning an exchange? Pick the new size or colour in step 2 and we ship it as soon as the return is scanned.",
      ].join("\n"),
    },
    {
      kind: "article",
      slug: "gift-cards",
      title: "Gift cards",
      category: "payments",
      body:
        "Northwind gift cards never expire and can be used online and in every store. Gift cards cannot be " +
        "returned or exchanged for cash. Check your balance on the gift card page.",
    },
    {
      kind: "article",
      slug: "payment-methods",
      title: "Payment methods we accept",
      category: "payments",
      body:
        "We accept Visa, Mastercard, American Express, Discover, PayPal, Apple Pay, Google Pay and Northwind " +
        "gift cards. Orders are charged when they ship.",
    },
    {
      kind: "promotion",
      slug: "spring-outerwear-sale",
      title: "Spring sale: 20% off outerwear",
      category: "promotions",
      effectiveTo: inDays(14),
      params: { code: "SPRING20", discountPercent: 20, productCategories: ["apparel"] },
      body:
        "Take **20% off all jackets and outerwear** with code SPRING20 at checkout, online and in stores, " +
        "while the sale runs. Cannot be combined with other offers; clearance items excluded.",
    },
    {
      kind: "update",
      slug: "holiday-hours",
      title: "Holiday opening hours",
      category: "stores",
      effectiveTo: inDays(10),
      scope: { stores: ["NYC-SOHO", "NYC-USQ", "CHI-MAG", "SF-UNION"], regions: [], categories: [] },
      body:
        "Over the holiday weekend our US stores open 10 am–6 pm on Saturday and are closed on Sunday and Monday. " +
        "Online orders are taken as usual; dispatch resumes on Tuesday.",
    },
    {
      kind: "update",
      slug: "carrier-delay-west-coast",
      title: "Carrier delays on the West Coast",
      category: "shipping",
      effectiveTo: inDays(3),
      scope: { stores: [], regions: ["CA", "OR", "WA"], categories: [] },
      body:
        "Because of severe weather, our carrier reports deliveries to California, Oregon and Washington " +
        "running 1–2 days late. Tracking links stay up to date; no action is needed.",
    },
  ];
}

export const demoKnowledgeSeeder: DemoSeeder = {
  name: "knowledge",
  async seed({ services, workspaceId, now }) {
    for (const entry of demoKnowledge(now)) {
      await services.knowledge.createEntry(workspaceId, entry, "demo", { publish: true });
    }
  },
};
