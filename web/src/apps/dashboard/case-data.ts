import { ApiError, describeError, type Api } from "./api-client";
import type {
  AgentTurn,
  Case,
  Customer,
  HandoffSummary,
  Message,
  OrderView,
  QueueItem,
  Suggestion,
  TimelineEvent,
} from "./types";

export type CaseDetail = {
  case: Case;
  customer: Customer;
  summary: HandoffSummary | undefined;
  messages: Message[];
  timeline: TimelineEvent[];
  orders: OrderView[] | string;
  suggestion: Suggestion | undefined;
  knowledge: { entryId: string; version: number; title?: string }[];
  item: QueueItem | undefined;
  transfers: {
    toQueueId: string | null;
    toAgentId: string | null;
    reason: string | null;
    createdAt: string;
  }[];
};

/** Reads a part the case view can live without, keeping the reason it is missing. */
async function optional<T>(read: Promise<T>): Promise<T | string> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ApiError && error.code === "VERIFICATION_REQUIRED") {
      return "Orders appear once the customer is verified.";
    }
    if (!(error instanceof ApiError)) throw error;
    return describeError(error);
  }
}

/** Everything the case view shows, read in parallel. */
export async function loadCase(api: Api, caseId: string): Promise<CaseDetail> {
  const found = await api.get<Case>(`/cases/${caseId}`);
  const customer = await api.get<Customer>(`/customers/${found.customerId}`);
  // Orders are a verified customer's to see: asking for anyone else's is refused, so don't ask.
  const ordersRead =
    customer.verification.level === "verified"
      ? optional(api.get<{ orders: OrderView[] }>(`/orders?customerId=${found.customerId}&limit=5`))
      : Promise.resolve("Orders appear once the customer is verified.");
  const [summary, messages, timeline, orders, suggestions, turns, routing] = await Promise.all([
    optional(api.get<{ summary: HandoffSummary }>(`/cases/${caseId}/summary`)),
    api.get<{ messages: Message[] }>(`/cases/${caseId}/messages?limit=200`),
    api.get<{ events: TimelineEvent[] }>(`/customers/${found.customerId}/timeline?limit=100`),
    ordersRead,
    optional(api.get<{ suggestions: Suggestion[] }>(`/cases/${caseId}/suggestions?limit=1`)),
    api.get<{ turns: AgentTurn[] }>(`/cases/${caseId}/agent-turns?limit=200`),
    api.get<{ item: QueueItem | null; transfers: CaseDetail["transfers"] }>(`/cases/${caseId}/routing`),
  ]);
  const knowledge = new Map<string, { entryId: string; version: number; title?: string }>();
  for (const turn of turns.turns)
    for (const entry of turn.knowledge) knowledge.set(`${entry.entryId}@${entry.version}`, entry);
  return {
    case: found,
    customer,
    summary: typeof summary === "string" ? undefined : summary.summary,
    messages: messages.messages,
    timeline: timeline.events,
    orders: typeof orders === "string" ? orders : orders.orders,
    suggestion: typeof suggestions === "string" ? undefined : suggestions.suggestions[0],
    knowledge: [...knowledge.values()],
    item: routing.item ?? undefined,
    transfers: routing.transfers,
  };
}
