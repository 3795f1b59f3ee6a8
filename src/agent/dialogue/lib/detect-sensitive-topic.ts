const TOPICS: { topic: "fraud" | "injury" | "legal"; pattern: RegExp }[] = [
  {
    topic: "fraud",
    pattern:
      /\b(fraud\w*|scam\w*|stolen (card|credit card|identity|account)|identity theft|unauthori[sz]ed (charge|transaction|purchase|payment)s?|someone (used|hacked|stole)|hacked|phishing|didn'?t (make|authori[sz]e) (this|that|the) (order|purchase|charge))\b/,
  },
  {
    topic: "injury",
    pattern:
      /\b(injur\w*|(got|was|been|were|is) (badly |seriously )?hurt|burn(ed|t|s)? (me|my|him|her)|caught fire|exploded|electric shock|hospital\w*|allergic reaction|choking|bleeding|wound(ed)?|poison\w*)\b/,
  },
  {
    topic: "legal",
    pattern:
      /\b(lawyer|attorney|solicitor|su(e|ing)|lawsuit|legal action|take (you|this) to court|small claims|court|trading standards|consumer protection|class action|gdpr request|data subject (access )?request)\b/,
  },
];

/** Fraud, injury and legal matters always go to a person, however the message is classified. */
export function detectSensitiveTopic(text: string): "fraud" | "injury" | "legal" | null {
  const lower = text.toLowerCase();
  return TOPICS.find((t) => t.pattern.test(lower))?.topic ?? null;
}
