import type { HandoffSummary } from "./types";

const REASONS: Record<string, string> = {
  customer_requested: "Customer asked for a person",
  negative_sentiment: "Customer is upset",
  repeated_failure: "The AI could not resolve it",
  low_confidence: "The AI was unsure",
  verification_failed: "Verification failed",
  sensitive_topic: "Sensitive topic",
  policy_exception: "Needs a policy exception",
  complaint: "Complaint",
  needs_investigation: "Needs investigation",
  staff_escalated: "Escalated by staff",
  other: "Other",
};

/** The fixed reason in words, and its detail when the detail adds something. */
function reasonText(escalation: HandoffSummary["escalation"]): string {
  const label = REASONS[escalation.reason] ?? escalation.reason;
  const detail = escalation.detail.trim();
  return detail && !label.toLowerCase().includes(detail.toLowerCase()) ? `${label} — ${detail}` : label;
}

/** The 30-second read, first thing on the case: the rendered text, then its structured parts. */
export function HandoffSummaryPanel({ summary }: { summary: HandoffSummary | undefined }) {
  if (!summary) {
    return (
      <section className="panel summary" aria-labelledby="summary-title">
        <h2 id="summary-title">Handoff summary</h2>
        <p className="muted">No handoff summary: this case has not been escalated.</p>
      </section>
    );
  }
  return (
    <section className="panel summary" aria-labelledby="summary-title">
      <h2 id="summary-title">
        Handoff summary <span className="muted small">({summary.wordCount} words)</span>
      </h2>
      <p className="summary__text" data-testid="summary-text">
        {summary.text}
      </p>
      <dl className="summary__facts">
        <dt>Needs</dt>
        <dd>{summary.need.text}</dd>
        <dt>Why a person</dt>
        <dd>{reasonText(summary.escalation)}</dd>
        <dt>Mood</dt>
        <dd>
          {summary.emotion.now}, {summary.emotion.trend}
        </dd>
        <dt>Channels</dt>
        <dd>{summary.customer.channelPath}</dd>
        <dt>Resolved?</dt>
        <dd>{summary.resolution.text || summary.resolution.status.replace("_", " ")}</dd>
        {summary.verifiedFacts.length > 0 && (
          <>
            <dt>Verified facts</dt>
            <dd>
              <ul className="plain">
                {summary.verifiedFacts.map((fact, index) => (
                  <li key={index}>
                    {fact.label}: <strong>{fact.value}</strong>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {summary.aiActions.length > 0 && (
          <>
            <dt>AI did</dt>
            <dd>
              <ul className="plain">
                {summary.aiActions.map((action, index) => (
                  <li key={index}>
                    {action.tool} — {action.ok ? "" : "failed: "}
                    {action.outcome}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {summary.openQuestions.length > 0 && (
          <>
            <dt>Open questions</dt>
            <dd>
              <ul className="plain">
                {summary.openQuestions.map((question, index) => (
                  <li key={index}>{question.text}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>Next step</dt>
        <dd>{summary.nextStep.text}</dd>
      </dl>
    </section>
  );
}
