import type { Api } from "./api-client";
import type { Case, Customer, Queue, QueueItem } from "./types";

export type InboxRow = {
  caseId: string;
  case: Case | undefined;
  customerName: string;
  item: QueueItem | undefined;
  queueName: string | undefined;
  mine: boolean;
};

export type InboxData = { queues: Queue[]; rows: InboxRow[] };

const OPEN_STATUSES = "open,pending,escalated";

/**
 * Everything the inbox shows, read afresh: what waits in every queue, and the cases the agent
 * holds with their queue items (for the SLA clock). A full read is also how the inbox catches
 * up after a reconnect.
 */
export async function loadInbox(api: Api, me: string, names: Map<string, string>): Promise<InboxData> {
  const [{ queues }, { cases: mine }, { cases: escalated }] = await Promise.all([
    api.get<{ queues: Queue[] }>("/queues"),
    api.get<{ cases: Case[] }>(
      `/cases?assigneeId=${encodeURIComponent(me)}&status=${OPEN_STATUSES}&limit=100`,
    ),
    api.get<{ cases: Case[] }>("/cases?status=escalated&limit=200"),
  ]);
  const waiting = (
    await Promise.all(queues.map((queue) => api.get<{ items: QueueItem[] }>(`/queues/${queue.id}/items`)))
  ).flatMap((answer) => answer.items);

  const cases = new Map<string, Case>();
  for (const found of [...escalated, ...mine]) cases.set(found.id, found);
  const missing = waiting.filter((item) => !cases.has(item.caseId));
  for (const found of await Promise.all(missing.map((item) => api.get<Case>(`/cases/${item.caseId}`)))) {
    cases.set(found.id, found);
  }
  const mineItems = await Promise.all(
    mine.map((held) =>
      api.get<{ item: QueueItem | null }>(`/cases/${held.id}/routing`).then((r) => r.item ?? undefined),
    ),
  );

  const unknownCustomers = [...new Set([...cases.values()].map((c) => c.customerId))].filter(
    (id) => !names.has(id),
  );
  await Promise.all(
    unknownCustomers.map(async (id) => {
      const customer = await api.get<Customer>(`/customers/${id}`);
      names.set(id, customer.displayName ?? "Unnamed customer");
    }),
  );

  const queueName = (id: string | undefined) => queues.find((queue) => queue.id === id)?.name;
  const row = (caseId: string, item: QueueItem | undefined, isMine: boolean): InboxRow => {
    const found = cases.get(caseId);
    return {
      caseId,
      case: found,
      customerName: (found && names.get(found.customerId)) ?? "Unnamed customer",
      item,
      queueName: queueName(item?.queueId),
      mine: isMine,
    };
  };
  const rows = [
    ...mine.map((held, index) => row(held.id, mineItems[index], true)),
    ...waiting
      .filter((item) => !mine.some((held) => held.id === item.caseId))
      .map((item) => row(item.caseId, item, false)),
  ];
  return { queues, rows };
}
