const PATTERNS = [
  /\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(rules|instructions|prompt|polic(y|ies)|guidelines|restrictions|previous|above)\b/i,
  /\b(you are now|act as|pretend (to be|you are)|developer mode|jailbreak|dan mode)\b/i,
  /\b(system prompt|your instructions|reveal your|print your (rules|prompt))\b/i,
  /\b(i am|i'm) (an? )?(admin|administrator|developer|staff member|employee|manager) (here|at)\b/i,
];

/**
 * Flags text that tries to instruct the assistant. It changes nothing about what the agent may do
 * (tools are scoped to the verified customer regardless); it is recorded so QA can review it.
 */
export function detectInjection(text: string): boolean {
  return PATTERNS.some((p) => p.test(text));
}
