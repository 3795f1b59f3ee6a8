// Customers often pack a greeting, a story and two requests into one message. Classifying the whole
// text lets the longest or most formulaic part win; classifying its parts separately finds each request.

const SENTENCE_END = /(?<=[.!?;])\s+|\n+|(?<=[a-z]{2}[.!?])(?=[A-Z])/;
const CLAUSE_JOINERS =
  /,?\s+(?:and also|also|and then|and can you|and could you|and can i|and could i|and i(?:'d| would) (?:also )?like to|and i (?:also )?(?:want|need) to|plus|as well as that|oh and|by the way|btw)\s+/i;

const LEADING_JOINER = /^\s*(?:also|and|plus|oh and|btw|by the way|another thing|one more thing)\b[\s,:;-]*/i;

const OPENER =
  /^\s*(?:(?:hi|hello|hey|hiya|heya|howdy|greetings|yo|good\s+(?:morning|afternoon|evening|day)|dear\s+\w+(?:\s+team)?)(?:\s+(?:there|team|guys|all|folks|everyone|support))?)[\s,.!:;-]+/i;
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
