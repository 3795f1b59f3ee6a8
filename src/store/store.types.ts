import type { Case } from "../cases";
import type { Customer } from "../customers";

/** How an associate's search term found the customer. */
export type LookupMatch = "email" | "phone" | "loyalty" | "order";

/** An order as the associate's screen lists it: enough to talk about it at the counter. */
export type OrderSummary = {
  number: string;
  status: string;
  placedAt: string | null;
  currency: string;
  total: number | null;
  items: { title: string; quantity: number }[];
  deliveredAt: string | null;
};

export type CustomerLookup = {
  matchedBy: LookupMatch[];
  customer: Customer;
  openCases: Case[];
  recentOrders: OrderSummary[];
};

export type StoreInteraction = {
  id: string;
  customerId: string;
  caseId: string | null;
  storeId: string;
  storeName: string;
  note: string;
  actor: string;
  occurredAt: Date;
};
