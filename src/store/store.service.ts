import type { CasesService } from "../cases";
import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import type { ConnectorsService, Order } from "../connectors";
import type { Customer, CustomersService, IdentityClaim } from "../customers";
import type { TimelineService } from "../timeline";
import { storeCaseNotFound, storeUnknown } from "./store.errors";
import type { CustomerLookup, LookupMatch, OrderSummary, StoreInteraction } from "./store.types";

const OPEN_STATUSES = ["open", "pending", "escalated"] as const;
const PHONE_LIKE = /^\+?[\d\s().-]{7,20}$/;

export type StoreDesk = ReturnType<typeof createStoreDesk>;

const summariseOrder = (order: Order): OrderSummary => ({
  number: order.number,
  status: order.status,
  placedAt: order.placedAt ?? null,
  currency: order.currency,
  total: order.totals.total ?? null,
  items: order.lines.map((line) => ({ title: line.title, quantity: line.quantity })),
  deliveredAt: order.deliveredAt ?? null,
});

/**
 * The in-store associate's desk: find a customer from what the shopper at the counter gives
 * (phone, email, loyalty id or an order number), see the unified profile with open cases and
 * recent orders, and log the visit on the customer's timeline.
 */
export function createStoreDesk(deps: {
  customers: CustomersService;
  cases: CasesService;
  connectors: ConnectorsService;
  timeline: TimelineService;
  events: EventBus;
  clock: Clock;
}) {
  async function candidates(workspaceId: string, q: string): Promise<{ customer: Customer; how: LookupMatch }[]> {
    const find = async (claim: IdentityClaim, how: LookupMatch) => {
      const customer = await deps.customers.findByIdentity(workspaceId, claim);
      return customer ? [{ customer, how }] : [];
    };
    if (q.includes("@")) return find({ kind: "email", value: q }, "email");
    const found = [...(await find({ kind: "loyalty", value: q }, "loyalty"))];
    if (PHONE_LIKE.test(q)) found.push(...(await find({ kind: "phone", value: q }, "phone")));
    const { orders } = await deps.connectors.forWorkspace(workspaceId);
    const order = await orders.getOrder(workspaceId, q);
    const email = order?.customer.email;
    if (email) found.push(...(await find({ kind: "email", value: email }, "order")));
    return found;
  }

  return {
    async lookup(workspaceId: string, query: string): Promise<CustomerLookup[]> {
      const q = query.trim();
      const byCustomer = new Map<string, { customer: Customer; matchedBy: LookupMatch[] }>();
      for (const { customer, how } of await candidates(workspaceId, q)) {
        const entry = byCustomer.get(customer.id) ?? { customer, matchedBy: [] };
        if (!entry.matchedBy.includes(how)) entry.matchedBy.push(how);
        byCustomer.set(customer.id, entry);
      }
      const { orders } = await deps.connectors.forWorkspace(workspaceId);
      return Promise.all(
        [...byCustomer.values()].map(async ({ customer, matchedBy }) => {
          const owner = {
            emails: customer.identities.filter((i) => i.kind === "email").map((i) => i.value),
            externalIds: customer.identities.filter((i) => i.kind === "external").map((i) => i.value),
          };
          const [open, recent] = await Promise.all([
            deps.cases.list(workspaceId, { customerId: customer.id, status: [...OPEN_STATUSES], limit: 20 }),
            owner.emails.length || owner.externalIds.length
              ? orders.listOrders(workspaceId, owner, { limit: 5 })
              : Promise.resolve([]),
          ]);
          return { matchedBy, customer, openCases: open.cases, recentOrders: recent.map(summariseOrder) };
        }),
      );
    },

    /** Records a visit or call at a store on the customer's timeline (and on a case of theirs, when named). */
    async logInteraction(
      workspaceId: string,
      customerId: string,
      input: { storeId: string; note: string; caseId?: string; actor: string },
    ): Promise<StoreInteraction> {
      const found = await deps.customers.get(workspaceId, customerId);
      const customer = found.mergedIntoId ? await deps.customers.get(workspaceId, found.mergedIntoId) : found;
      const { stores } = await deps.connectors.forWorkspace(workspaceId);
      const store = (await stores.list(workspaceId)).find((s) => s.code === input.storeId);
      if (!store) throw storeUnknown();
      if (input.caseId) {
        const owned = await deps.cases.get(workspaceId, input.caseId).catch(() => undefined);
        if (!owned || owned.customerId !== customer.id) throw storeCaseNotFound();
      }
      const occurredAt = deps.clock.now();
      const id = await deps.timeline.append({
        workspaceId,
        customerId: customer.id,
        caseId: input.caseId ?? null,
        kind: "store.interaction",
        channel: "store",
        refId: store.code,
        summary: `In store at ${store.name}: ${input.note.length > 120 ? `${input.note.slice(0, 119)}…` : input.note}`,
        data: { storeId: store.code, storeName: store.name, note: input.note, actor: input.actor },
        occurredAt,
      });
      deps.events.emit({
        name: "store.interaction_logged",
        workspaceId,
        occurredAt,
        payload: { customerId: customer.id, caseId: input.caseId ?? null, storeId: store.code, eventId: id },
      });
      return {
        id,
        customerId: customer.id,
        caseId: input.caseId ?? null,
        storeId: store.code,
        storeName: store.name,
        note: input.note,
        actor: input.actor,
        occurredAt,
      };
    },
  };
}
