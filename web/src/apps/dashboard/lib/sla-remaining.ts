/** A first-reply clock as a person reads it: "4:05 left", "12 min over", "1 h 3 min left". */
export function slaRemaining(
  dueAt: string | Date,
  now: number,
): { text: string; breached: boolean; soon: boolean } {
  const ms = new Date(dueAt).getTime() - now;
  const breached = ms < 0;
  const seconds = Math.floor(Math.abs(ms) / 1000);
  const minutes = Math.floor(seconds / 60);
  let amount: string;
  if (minutes >= 60) amount = `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  else if (minutes >= 10) amount = `${minutes} min`;
  else amount = `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
  return { text: `${amount} ${breached ? "over" : "left"}`, breached, soon: !breached && ms < 5 * 60_000 };
}
