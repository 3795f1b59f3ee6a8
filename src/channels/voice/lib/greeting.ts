/** What a caller may hear before proving anything: a first name and the open case's order number. */
export type GreetingContext = {
  displayName: string | null;
  /** False for a caller the number did not lead to (a new or withheld number). */
  recognised: boolean;
  orderNumber: string | null;
  businessName: string;
};

/**
 * The opening line. A caller ID is a claim, so the greeting says no more than a first name and
 * an order number (never a surname, an address or an order's contents).
 */
export function greeting(context: GreetingContext): string {
  const first = context.recognised ? firstName(context.displayName) : undefined;
  if (first && context.orderNumber) return `Hi ${first}, is this about order ${context.orderNumber}?`;
  if (first) return `Hi ${first}, thanks for calling ${context.businessName}. How can I help today?`;
  return `Hi, thanks for calling ${context.businessName}. How can I help today?`;
}

function firstName(displayName: string | null): string | undefined {
  const first = displayName?.trim().split(/\s+/)[0];
  // A display name that is an email, a number or markup is not something to say aloud.
  return first && /^[\p{L}][\p{L}'’-]{0,39}$/u.test(first) ? first : undefined;
}

/** The order the case is about: its own reference, else the last one its turns settled on. */
export function orderOfCase(
  orderRef: string | null,
  turns: { understanding: { entities: { type: string; value: string }[]; resolved: Record<string, string> } }[],
): string | null {
  if (orderRef) return orderRef;
  for (const turn of [...turns].reverse()) {
    const resolved = turn.understanding.resolved.orderNumber?.match(/^([A-Za-z0-9-]{2,32}) \(/)?.[1];
    if (resolved) return resolved;
    const named = turn.understanding.entities.findLast((e) => e.type === "order_number")?.value;
    if (named) return named;
  }
  return null;
}
