import type { SimulationReport } from "./simulation-runner";

const pct = (x: number) => x.toFixed(2);

/** A plain-text report: one line per scenario, then each failing scenario's problems and transcript. */
export function formatReport(report: SimulationReport, options: { transcripts?: "failing" | "all" } = {}): string {
  const lines: string[] = [];
  const width = Math.max(10, ...report.scenarios.map((s) => s.id.length));
  lines.push(`${"scenario".padEnd(width)}  pass^1  pass^${report.k}  runs`);
  for (const s of report.scenarios) {
    lines.push(`${s.id.padEnd(width)}  ${pct(s.pass1).padStart(6)}  ${pct(s.passK).padStart(6)}  ${s.passed}/${s.runs}${s.consistent ? "" : "  (runs differ)"}`);
  }
  const shown = report.scenarios.filter((s) => s.passK < 1 || options.transcripts === "all");
  if (shown.length) {
    lines.push("", options.transcripts === "all" ? "Conversations:" : "Failures:");
    for (const s of shown) {
      lines.push(`- ${s.id} — ${s.title}`);
      for (const failure of s.failures) lines.push(`    ${failure}`);
      if (options.transcripts) {
        for (const turn of s.transcript) {
          lines.push(`    > ${turn.say}`);
          lines.push(`    < [${turn.intent}/${turn.decision}${turn.verified ? ", verified" : ""}] ${turn.reply.replace(/\n/g, " ⏎ ")}`);
        }
      }
    }
  }
  const tags = Object.entries(report.byTag);
  if (tags.length) {
    const tagWidth = Math.max(...tags.map(([tag]) => tag.length));
    lines.push("", `${"tag".padEnd(tagWidth)}  pass^1  pass^${report.k}  scenarios`);
    for (const [tag, rates] of tags) lines.push(`${tag.padEnd(tagWidth)}  ${pct(rates.pass1).padStart(6)}  ${pct(rates.passK).padStart(6)}  ${rates.scenarios}`);
  }
  lines.push(
    "",
    `${report.overall.scenarios} scenarios × ${report.k} runs on ${report.database} at ${report.clock}: ` +
      `pass^1 ${pct(report.overall.pass1)}, pass^${report.k} ${pct(report.overall.passK)} (${(report.ms / 1000).toFixed(1)} s)`,
  );
  return lines.join("\n");
}
