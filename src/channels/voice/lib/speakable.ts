const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+/gi;

/**
 * Text a voice can read out: no links, Markdown marks, list bullets or table rules, and one line
 * of sentences. The agent already answers voice in short plain sentences; this holds the line
 * for whatever else reaches a caller (a language model's wording, a staff template).
 */
export function speakable(text: string): string {
  const lines = text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(URL_PATTERN, "")
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/^\s*(?:[-*+•]|\d{1,2}[.)])\s+/, "")
        .replace(/^\s*\|?[\s:|-]*\|[\s:|-]*$/, "")
        .replace(/^\s*[-=_*]{3,}\s*$/, "")
        .replace(/\s*\|\s*/g, ", ")
        .replace(/[*_`#>~]+/g, "")
        .trim(),
    )
    .filter((line) => line.replace(/[,\s]/g, "").length > 0)
    .map((line) => line.replace(/^,\s*|,\s*$/g, ""))
    .map((line) => (/[.!?…:]$/.test(line) ? line : `${line}.`));
  return lines.join(" ").replace(/\s{2,}/g, " ").replace(/\s+([.,!?])/g, "$1").trim();
}
