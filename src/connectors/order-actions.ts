/** What the retailer's order system answered to an action Throughline sent it. */
export type RemoteActionAnswer =
  { accepted: true; reference?: string } | { accepted: false; status: number; message: string };

/**
 * Sends order actions (cancel, address change, return, exchange) to the retailer's order system.
 * `perform` throws `AppError("unavailable", …)` when the system cannot answer in time; the action
 * is then not done and the customer is told so.
 */
export interface OrderActionTarget {
  /** Which tools the system has an endpoint for. */
  supports(tool: string): boolean;
  perform(
    tool: string,
    orderNumber: string,
    body: Record<string, unknown>,
    idempotencyKey: string,
  ): Promise<RemoteActionAnswer>;
}
