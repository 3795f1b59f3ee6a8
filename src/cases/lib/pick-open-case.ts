type Candidate = { orderRef: string | null; topic: string | null };

/**
 * Chooses which open case a new contact continues. `open` is ordered most recent first and
 * already limited to the recency window. A different order always means a different issue;
 * without an order, the same topic (or a case with no topic yet) continues; a contact that
 * names neither continues the most recent case.
 */
export function pickOpenCase<T extends Candidate>(
  open: readonly T[],
  contact: { orderRef?: string | null; topic?: string | null },
): T | undefined {
  const orderRef = contact.orderRef ?? null;
  const topic = contact.topic ?? null;
  if (orderRef) {
    return (
      open.find((c) => c.orderRef === orderRef) ??
      open.find((c) => c.orderRef === null && (topic === null || c.topic === null || c.topic === topic))
    );
  }
  if (topic) return open.find((c) => c.topic === topic) ?? open.find((c) => c.topic === null);
  return open[0];
}
