import type { Expectation } from "../scenario.types";
import { describeFact, matchFact } from "./match-fact";

export type TurnObservation = { text: string; verified: boolean; escalated: boolean };

/** What an expectation found wrong with a reply (empty when it holds). */
export function checkExpectation(expectation: Expectation, observed: TurnObservation): string[] {
  const problems: string[] = [];
  for (const fact of expectation.include) {
    if (!matchFact(observed.text, fact)) problems.push(`missing ${describeFact(fact)}`);
  }
  for (const fact of expectation.exclude) {
    if (matchFact(observed.text, fact)) problems.push(`must not state ${describeFact(fact)}`);
  }
  if (expectation.verified !== undefined && observed.verified !== expectation.verified) {
    problems.push(expectation.verified ? "expected the shopper to be verified" : "shopper was verified but must not be");
  }
  if (expectation.escalated !== undefined && observed.escalated !== expectation.escalated) {
    problems.push(expectation.escalated ? "expected a hand-off to a person" : "handed off to a person unexpectedly");
  }
  return problems;
}
