import { useState, type FormEvent } from "react";
import { describeError, type Api } from "./api-client";
import type { CaseDetail } from "./case-data";
import { OrderActions } from "./order-actions";
import type { OrderView } from "./types";

/** `onChanged`: an order action changed the data, so what the case shows is read again. */
type OrderScope = { api: Api; customerId: string; caseId: string; onChanged?: () => void };

function OrderLine({ order, scope }: { order: OrderView; scope: OrderScope }) {
  const total = order.totals?.total;
  return (
    <li className="order">
      <strong>#{order.number}</strong> <span className="chip">{order.status}</span>
      <span className="order__text">{order.statusText}</span>
      <span className="muted small">
        {order.placedAt ? new Date(order.placedAt).toLocaleDateString() : ""}
        {total !== undefined ? ` · ${total.toFixed(2)} ${order.currency}` : ""}
      </span>
      <OrderActions
        api={scope.api}
        orderNumber={order.number}
        customerId={scope.customerId}
        caseId={scope.caseId}
        onChanged={scope.onChanged}
      />
    </li>
  );
}

/** Runs the AI's own order look-up as staff, for this customer (the same checks apply). */
function OrderLookup({ api, customerId, caseId }: { api: Api; customerId: string; caseId: string }) {
  const [number, setNumber] = useState("");
  const [result, setResult] = useState<OrderView[] | string | undefined>();
  async function run(event: FormEvent) {
    event.preventDefault();
    setResult(undefined);
    try {
      const answer = await api.send<{ orders: OrderView[] }>("POST", "/tools/order.lookup", {
        input: { orderNumber: number.trim() },
        customerId,
        caseId,
      });
      setResult(answer.orders);
    } catch (error) {
      setResult(describeError(error));
    }
  }
  return (
    <form className="tool" onSubmit={run} aria-label="Order look-up">
      <label htmlFor="order-lookup">Look up an order</label>
      <div className="row">
        <input
          id="order-lookup"
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          placeholder="Order number"
          required
          maxLength={64}
        />
        <button type="submit" className="button">
          Look up
        </button>
      </div>
      {typeof result === "string" && (
        <p className="error" role="alert">
          {result}
        </p>
      )}
      {Array.isArray(result) && (
        <ul className="plain" aria-label="Order look-up result">
          {result.map((order) => (
            <OrderLine key={order.number} order={order} scope={{ api, customerId, caseId }} />
          ))}
        </ul>
      )}
    </form>
  );
}

/** Who the customer is (identities, verification, tier), their recent orders and the knowledge used. */
export function CustomerPanel({
  api,
  detail,
  onChanged,
}: {
  api: Api;
  detail: CaseDetail;
  onChanged?: () => void;
}) {
  const { customer } = detail;
  return (
    <aside className="side" aria-label="Customer">
      <section className="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">{customer.displayName ?? "Unnamed customer"}</h2>
        <p>
          <span className="chip">{customer.tier}</span>{" "}
          <span className={`chip chip--${customer.verification.level}`}>{customer.verification.level}</span>
          {customer.verification.method && (
            <span className="muted small"> via {customer.verification.method}</span>
          )}
        </p>
        <ul className="plain identities" aria-label="Identities">
          {customer.identities.map((identity) => (
            <li key={identity.id}>
              <span className="muted">{identity.kind}</span>{" "}
              {identity.kind === "device" ? "web session" : identity.value}{" "}
              {identity.verificationLevel === "verified" && (
                <span className="chip chip--verified">verified</span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="orders-title">
        <h2 id="orders-title">Recent orders</h2>
        {typeof detail.orders === "string" ? (
          <p className="muted">{detail.orders}</p>
        ) : detail.orders.length === 0 ? (
          <p className="muted">No orders.</p>
        ) : (
          <ul className="plain">
            {detail.orders.map((order) => (
              <OrderLine
                key={order.number}
                order={order}
                scope={{ api, customerId: customer.id, caseId: detail.case.id, onChanged }}
              />
            ))}
          </ul>
        )}
        <OrderLookup api={api} customerId={customer.id} caseId={detail.case.id} />
      </section>
      <section className="panel" aria-labelledby="knowledge-title">
        <h2 id="knowledge-title">Knowledge the AI used</h2>
        {detail.knowledge.length === 0 ? (
          <p className="muted">None on this case.</p>
        ) : (
          <ul className="plain">
            {detail.knowledge.map((entry) => (
              <li key={`${entry.entryId}@${entry.version}`}>
                {entry.title ?? entry.entryId} <span className="muted small">v{entry.version}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
