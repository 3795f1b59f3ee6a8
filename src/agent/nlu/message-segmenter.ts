// Customers often pack a greeting, a story and two requests into one message. Classifying the whole
// text lets the longest or most formulaic part win; classifying its parts separately finds each request.

const SENTENCE_END = /(?<=[.!?;])\s+|\n+|(?<=[a-z]{2}[.!?])(?=[A-Z])/;
// Words that only join two requests are dropped; the ask that follows ("and can you…", "and I want
// to…", "and change…") stays in the second clause, because it is what marks that clause a request.
const ASK_AFTER_AND =
  "(?:can|could|would|will) (?:you|u|i|someone|we)|i(?:'d| would) (?:also )?like|i (?:also |just |really |now )?(?:want|need|wanna)|please|pls|kindly|(?:also )?(?:cancel|change|send|refund|update|remove|add|swap|exchange|return|give|tell|check|book|reset|track|email|ring|call|unsubscribe)(?= (?:me|my|the|it|this|that|a|an|to|your|him|her|them|us)\\b)";
const CLAUSE_JOINERS = new RegExp(
  [
    String.raw`,?\s+(?:and also|also|and then|plus|as well as that|oh and|by the way|btw|and another thing|and one more thing)\s+`,
    // An aside may sit between "and" and the ask: "… and frankly I just need the money back".
    String.raw`,?\s+and\s+(?:(?:honestly|frankly|really|actually|now|so|then|tbh)\s+)*(?=(?:${ASK_AFTER_AND})\b)`,
    String.raw`,\s*and\s+(?=(?:where|when|what|how|which|is|are|do|does|can|could|will|would)\b)`,
  ].join("|"),
  "i",
);

const LEADING_JOINER = /^\s*(?:also|and|plus|oh and|btw|by the way|another thing|one more thing)\b[\s,:;-]*/i;

const OPENER =
  /^\s*(?:(?:hi|hello|hey|hiya|heya|howdy|greetings|yo|good\s+(?:morning|afternoon|evening|day)|dear\s+\w+(?:\s+team)?)(?:\s+(?:there|team|guys|all|folks|everyone|support))?|i\s+hope\s+(?:you(?:'re|\s+are)|you\s+all\s+are|all\s+is)\s+(?:well|keeping\s+well|ok|okay|having\s+a\s+(?:good|nice|lovely|great)\s+(?:day|week|morning|afternoon))|hope\s+(?:you(?:'re|\s+are)|all\s+is)\s+(?:well|keeping\s+well|ok|okay|having\s+a\s+(?:good|nice|lovely|great)\s+(?:day|week|morning|afternoon)))[\s,.!:;-]+/i;
const CLOSER =
  /[\s,.!;-]+(?:(?:many\s+)?thanks(?:\s+(?:a\s+lot|so\s+much|in\s+advance))?|thank\s+you(?:\s+(?:so|very)\s+much)?(?:\s+in\s+advance)?|cheers|regards|kind\s+regards|best(?:\s+regards)?|ty|thx)[\s,.!]*(?:[A-Z][a-z]+)?[\s.!]*$/i;

/** Removes a leading greeting and a trailing thank-you when something else remains. */
export function stripPleasantries(text: string): string {
  let s = text;
  for (let i = 0; i < 2; i += 1) {
    const opened = s.replace(OPENER, "");
    if (opened.trim().split(/\s+/).length >= 2) s = opened;
  }
  const closed = s.replace(CLOSER, "");
  if (closed.trim().split(/\s+/).length >= 2) s = closed;
  return s.trim();
}

/** Splits a message into sentences and joined clauses of at least two words each. */
export function segmentMessage(text: string): string[] {
  const parts: string[] = [];
  for (const sentence of text.split(SENTENCE_END)) {
    for (const clause of sentence.split(CLAUSE_JOINERS)) {
      const trimmed = clause.replace(LEADING_JOINER, "").trim();
      if (trimmed !== "") parts.push(trimmed);
    }
  }
  // A one-word fragment ("Hi.", "Thanks!") is kept only if it is all there is.
  const meaningful = parts.filter((p) => p.split(/\s+/).length >= 2);
  return meaningful.length > 0 ? meaningful : parts;
}

// What makes a sentence a request rather than context: a question, a polite or direct ask, or an
// imperative. Context ("I ordered a lamp on Sunday.") names the topic; the request names the intent.
const ASK_CUE =
  /\?|^\s*(?:please|pls|plz|kindly|can|could|would|will|is|are|do|does|did|has|have|how|when|where|what|which|why|who|cancel|change|send|refund|update|delete|remove|add|swap|exchange|return|give|tell|let|stop|unsubscribe|check|help|fix|sort|put|book|reset|track|email|ring|call)\b|\b(?:can|could|would|will)\s+(?:you|u|i|someone|somebody|we|it|they)\b|\b(?:i|we)\s*(?:'d|would)\s+(?:like|love|prefer|appreciate|be grateful)|\b(?:i|we)\s+(?:want|need|wish|wanna|would like|am looking|'m looking|wonder|wondered|was wondering)\b|\b(?:is it possible|is there any way|any chance|wondering if|wondering whether|let me know|tell me|what do i do|what should i do)\b|(?:^|[,;:]\s*)(?:please|pls|plz|kindly)\s+\w/i;

/** Whether a sentence asks for something, as opposed to giving background. */
export function isRequest(sentence: string): boolean {
  return ASK_CUE.test(sentence);
}
