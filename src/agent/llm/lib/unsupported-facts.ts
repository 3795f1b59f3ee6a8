/**
 * Facts in a model's reply that the grounding text does not contain: numbers (order numbers,
 * prices, quantities, dates, times), links and email addresses. A reply with any is not sent.
 */
export function unsupportedFacts(reply: string, grounding: string): string[] {
  const corpus = grounding.toLowerCase();
  const digits = new Set((corpus.match(/\d+(?:\.\d+)?/g) ?? []).map(normaliseNumber));
  const out: string[] = [];
  for (const url of reply.match(/https?:\/\/[^\s)]+/gi) ?? []) {
    if (!corpus.includes(url.replace(/[.,]+$/, "").toLowerCase())) out.push(url);
  }
  const withoutUrls = reply.replace(/https?:\/\/[^\s)]+/gi, " ");
  for (const email of withoutUrls.match(/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi) ?? []) {
    if (!corpus.includes(email.toLowerCase())) out.push(email);
  }
  const plain = withoutUrls.replace(/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi, " ");
  for (const n of plain.match(/\d+(?:[.,]\d+)*/g) ?? []) {
    const value = normaliseNumber(n.replace(/,(?=\d{3}\b)/g, ""));
    if (!digits.has(value)) out.push(n);
  }
  return [...new Set(out)];
}

function normaliseNumber(n: string): string {
  const x = Number(n);
  return Number.isFinite(x) ? String(x) : n;
}
