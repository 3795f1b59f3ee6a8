import { useState, type FormEvent } from "react";
import { describeError, type Api } from "./api-client";
import type { Case, Customer } from "./types";

type Match = {
  matchedBy: string[];
  customer: Customer;
  openCases: Case[];
  recentOrders: { number: string; status: string }[];
};

/** The in-store associate's look-up: phone, email, loyalty id or order number → customer and open cases. */
export function StoreLookup({
  api,
  onOpen,
  onClose,
}: {
  api: Api;
  onOpen(caseId: string): void;
  onClose(): void;
}) {
  const [q, setQ] = useState("");
  const [matches, setMatches] = useState<Match[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  async function search(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const answer = await api.get<{ matches: Match[] }>(`/store/lookup?q=${encodeURIComponent(q.trim())}`);
      setMatches(answer.matches);
    } catch (failure) {
      setError(describeError(failure));
    }
  }
  return (
    <section className="panel lookup" aria-labelledby="lookup-title">
      <div className="row row--spread">
        <h2 id="lookup-title">Customer look-up (in store)</h2>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      <form onSubmit={search} className="row">
        <label htmlFor="lookup-q" className="visually-hidden">
          Phone, email, loyalty id or order number
        </label>
        <input
          id="lookup-q"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Phone, email, loyalty id or order number"
          required
          maxLength={320}
        />
        <button type="submit" className="button button--primary">
          Search
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {matches && matches.length === 0 && <p className="muted">No customer matches.</p>}
      <ul className="plain">
        {matches?.map((match) => (
          <li key={match.customer.id} className="lookup__match">
            <strong>{match.customer.displayName ?? "Unnamed customer"}</strong>{" "}
            <span className="chip">{match.customer.tier}</span>{" "}
            <span className="muted small">matched by {match.matchedBy.join(", ")}</span>
            {match.recentOrders.length > 0 && (
              <p className="small">
                Orders: {match.recentOrders.map((order) => `#${order.number} (${order.status})`).join(", ")}
              </p>
            )}
            {match.openCases.map((open) => (
              <button
                key={open.id}
                type="button"
                className="button button--small"
                onClick={() => onOpen(open.id)}
              >
                Open case: {open.subject ?? open.status}
              </button>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
