import { useState } from "react";
import { describeError, type Api } from "./api-client";

type Eligibility = {
  lines: {
    title: string;
    eligible: boolean;
    windowEndsAt: string | null;
    windowNote: string | null;
    refusals: { description?: string }[];
  }[];
};

/**
 * The AI's own return-eligibility and cancel tools, run as staff for this customer: the same
 * policy checks decide, and a refusal is shown in the tool's words. Cancelling asks twice.
 */
export function OrderActions(props: {
  api: Api;
  orderNumber: string;
  customerId: string;
  caseId: string;
  onChanged?: () => void;
}) {
  const [result, setResult] = useState<string[] | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  async function run(
    tool: string,
    input: Record<string, unknown>,
    read: (data: unknown) => string[],
    changesData = false,
  ) {
    setBusy(true);
    try {
      const answer = await props.api.send<unknown>("POST", `/tools/${tool}`, {
        input,
        customerId: props.customerId,
        caseId: props.caseId,
        requestId: `${tool}:${props.caseId}:${props.orderNumber}`,
      });
      setResult(read(answer));
      if (changesData) props.onChanged?.();
    } catch (error) {
      setResult([describeError(error)]);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  const eligibility = () =>
    run("returns.eligibility", { orderNumber: props.orderNumber }, (data) =>
      (data as Eligibility).lines.map((line) =>
        line.eligible
          ? `${line.title}: can be returned${line.windowEndsAt ? ` until ${new Date(line.windowEndsAt).toLocaleDateString()}` : line.windowNote ? ` (${line.windowNote})` : ""}`
          : `${line.title}: not returnable — ${
              line.refusals
                .map((refusal) => refusal.description)
                .filter(Boolean)
                .join("; ") || "refused by policy"
            }`,
      ),
    );
  const cancel = () =>
    run(
      "order.cancel",
      { orderNumber: props.orderNumber, reason: "cancelled by support at the customer's request" },
      () => [`Order ${props.orderNumber} cancelled.`],
      true,
    );

  return (
    <div className="order__actions">
      <button
        type="button"
        className="button button--small"
        disabled={busy}
        onClick={() => void eligibility()}
      >
        Return eligibility
      </button>
      {confirming ? (
        <button
          type="button"
          className="button button--small button--danger"
          disabled={busy}
          onClick={() => void cancel()}
        >
          Confirm cancel #{props.orderNumber}
        </button>
      ) : (
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() => setConfirming(true)}
        >
          Cancel order
        </button>
      )}
      {result && (
        <ul className="plain small" role="status">
          {result.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
