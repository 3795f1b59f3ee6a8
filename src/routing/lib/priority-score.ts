import type { PriorityFactors } from "../routing.types";

const TIER: Record<string, number> = { platinum: 30, gold: 20, silver: 10 };
const CASE_PRIORITY: Record<string, number> = { urgent: 40, high: 20, normal: 0, low: -10 };

export type PriorityInput = {
  tier: string;
  /** Latest sentiment score of the customer, -1…1, and frustration 0…1. */
  sentiment: number;
  frustration: number;
  /** Other cases of this customer opened in the last 7 days. */
  recentCases: number;
  casePriority: string;
  /** Seconds the queue promises a first reply in: tight promises rank higher. */
  slaSeconds: number;
};

/**
 * Queue priority as points, each factor kept so a lead can see why an item came first: customer
 * tier, how upset they are, a repeat contact within a week (the first answer did not hold), the
 * case's own priority, and how tight the queue's service promise is. Higher first, ties by age.
 */
export function priorityScore(input: PriorityInput): { score: number; factors: PriorityFactors } {
  const negative = Math.max(0, -input.sentiment);
  const factors: PriorityFactors = {
    tier: TIER[input.tier.toLowerCase()] ?? 0,
    sentiment: Math.round(20 * Math.max(negative, input.frustration)),
    repeatContact: input.recentCases > 0 ? 15 : 0,
    casePriority: CASE_PRIORITY[input.casePriority] ?? 0,
    sla: input.slaSeconds <= 300 ? 10 : input.slaSeconds <= 900 ? 5 : 0,
  };
  const score = factors.tier + factors.sentiment + factors.repeatContact + factors.casePriority + factors.sla;
  return { score, factors };
}
