/**
 * Canned responses live on this device (localStorage): an agent's own phrasings, seeded with a
 * few common ones. Slots: {{customer.firstName}}, {{customer.name}}, {{order}}, {{agent.firstName}}.
 */
export type CannedResponse = { id: string; title: string; body: string };

const KEY = "throughline.canned-responses";

const DEFAULTS: CannedResponse[] = [
  {
    id: "greeting",
    title: "Greeting",
    body: "Hi {{customer.firstName}}, this is {{agent.firstName}} from the support team. I've read through your conversation and I'm taking it from here.",
  },
  {
    id: "order-checking",
    title: "Checking the order",
    body: "Thanks for your patience, {{customer.firstName}}. I'm checking order {{order}} now and will update you shortly.",
  },
  {
    id: "closing",
    title: "Closing",
    body: "Is there anything else I can help you with today, {{customer.firstName}}?",
  },
];

export function loadCannedResponses(): CannedResponse[] {
  try {
    const raw = localStorage.getItem(KEY);
    const stored = raw ? (JSON.parse(raw) as CannedResponse[]) : [];
    return Array.isArray(stored) && stored.length > 0 ? stored : DEFAULTS;
  } catch {
    return DEFAULTS;
  }
}

export function saveCannedResponses(responses: CannedResponse[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(responses.slice(0, 100)));
  } catch {
    // Storage disabled: the list lasts as long as the page.
  }
}
