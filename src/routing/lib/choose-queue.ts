import type { Queue, WorkChannel } from "../routing.types";

/**
 * The queue for an item: one that serves its skill, channel and language, the most specific
 * first (a queue naming the skill beats one open to every skill; naming the channel or language
 * breaks ties), else the default queue. The item needs the matched skill, or "general" when the
 * queue takes every skill or it fell to the default.
 */
export function chooseQueue(
  queues: Queue[],
  need: { skill: string; channel: WorkChannel; language: string },
): { queue: Queue; skill: string } | null {
  let best: { queue: Queue; score: number } | null = null;
  for (const queue of queues) {
    if (queue.channels.length && !queue.channels.includes(need.channel)) continue;
    if (queue.languages.length && !queue.languages.includes(need.language)) continue;
    const namesSkill = queue.skills.includes(need.skill);
    if (queue.skills.length && !namesSkill) continue;
    const score = (namesSkill ? 4 : 0) + (queue.channels.length ? 1 : 0) + (queue.languages.length ? 1 : 0);
    if (!best || score > best.score) best = { queue, score };
  }
  if (best) return { queue: best.queue, skill: best.queue.skills.includes(need.skill) ? need.skill : "general" };
  const fallback = queues.find((queue) => queue.isDefault);
  return fallback ? { queue: fallback, skill: fallback.skills.includes(need.skill) ? need.skill : "general" } : null;
}
