import { Lexer, type Token, type Tokens } from "marked";

/** What voice says in place of a link: nobody can follow a web address read aloud. */
export const SPOKEN_LINK = "the link we sent by email";

const WEB_ADDRESS = /\b(?:https?:\/\/|www\.)[^\s)]+/i;
const WEB_ADDRESSES = new RegExp(WEB_ADDRESS.source, "gi");
const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

type Options = { spoken: boolean };

function inline(tokens: Token[] | undefined, o: Options): string {
  return (tokens ?? []).map((t) => inlineToken(t, o)).join("");
}

function inlineToken(t: Token, o: Options): string {
  switch (t.type) {
    case "link": {
      const text = inline((t as Tokens.Link).tokens, o);
      return o.spoken && (WEB_ADDRESS.test(text) || text === (t as Tokens.Link).href) ? SPOKEN_LINK : text;
    }
    case "strong":
    case "em":
    case "del":
      return inline((t as Tokens.Strong).tokens, o);
    case "text":
      return "tokens" in t && t.tokens ? inline(t.tokens, o) : (t as Tokens.Text).text;
    case "codespan":
    case "escape":
    case "image":
      return (t as Tokens.Codespan).text;
    case "br":
      return " ";
    case "html":
      return "";
    default:
      return "raw" in t && typeof t.raw === "string" ? t.raw : "";
  }
}

const tidy = (text: string) => text.replace(/\s+/g, " ").trim();
const endSentence = (text: string) => (text && !/[.!?…:]$/.test(text) ? `${text}.` : text);

/** A table read as sentences: "Standard: time 3–5 days, cost $5." — one per row. */
function tableSentences(table: Tokens.Table, o: Options): string[] {
  const header = table.header.map((cell) => tidy(inline(cell.tokens, o)));
  return table.rows.map((row) => {
    const cells = row.map((cell) => tidy(inline(cell.tokens, o)));
    const [first = "", ...rest] = cells;
    const described = rest
      .map((value, i) => (value ? `${(header[i + 1] ?? "").toLowerCase()} ${value}`.trim() : ""))
      .filter(Boolean)
      .join(", ");
    return endSentence(described ? `${first}: ${described}` : first);
  });
}

function blockSentences(t: Token, o: Options): string[] {
  switch (t.type) {
    case "table":
      return tableSentences(t as Tokens.Table, o);
    case "list":
      // Each item becomes its own sentence, so a list is read as a series, not one run-on line.
      return (t as Tokens.List).items.flatMap((item) => item.tokens.flatMap((x) => blockSentences(x, o)).map(endSentence));
    case "blockquote":
      return (t as Tokens.Blockquote).tokens.flatMap((x) => blockSentences(x, o));
    case "heading":
      return [endSentence(tidy(inline((t as Tokens.Heading).tokens, o)))];
    case "paragraph":
    case "text": {
      const text = tidy("tokens" in t && t.tokens ? inline(t.tokens, o) : ((t as Tokens.Text).text ?? ""));
      return text ? [text] : [];
    }
    case "code":
      // Code is shown, never read out.
      return o.spoken ? [] : [tidy((t as Tokens.Code).text)];
    default:
      return [];
  }
}

/** Markup that survives when Markdown arrives flattened onto one line (table pipes, rules, stars). */
function stripLeftovers(text: string): string {
  return tidy(
    text
      .replace(/\s*\|\s*(?::?-{3,}:?\s*\|\s*)*/g, ", ")
      .replace(/(^|\s)[-=*_#]{3,}(?=\s|$)/g, " ")
      .replace(/\*\*|__|`/g, "")
      .replace(/^[,\s]+|[,\s]+$/g, "")
      .replace(/,\s*,/g, ","),
  );
}

/** Sentences of a block, split at sentence boundaries by the runtime's Unicode segmenter. */
function split(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment.trim()).filter(Boolean);
}

/**
 * A reply line as plain sentences for a channel without formatting: Markdown tables, lists,
 * headings and emphasis become sentences; when spoken, links and web addresses are not read.
 * A search excerpt's cut-off first or last words are dropped when a whole sentence remains.
 */
export function plainSentences(markdown: string, o: Options): string[] {
  const blocks = Lexer.lex(markdown).flatMap((t) => blockSentences(t, o));
  return blocks.flatMap((block) => {
    let text = stripLeftovers(block);
    if (o.spoken) text = text.replace(WEB_ADDRESSES, SPOKEN_LINK);
    // An excerpt joins fragments with " … "; each fragment may start or end mid-sentence.
    const fragments = text.split(/\s+…\s+/);
    return fragments.flatMap((fragment) => wholeSentences(split(fragment), fragments.length > 1));
  });
}

const complete = (sentence: string) => /[.!?:]["')\]]?$/.test(sentence);

function wholeSentences(sentences: string[], excerpt: boolean): string[] {
  const out = [...sentences];
  if (out.length > 1 && /^[a-z]/.test(out[0] ?? "")) out.shift();
  if (out.length > 1 && !complete(out.at(-1) ?? "")) out.pop();
  // A lone cut-off piece of an excerpt says nothing whole; a lone line of our own is kept.
  if (excerpt && out.length === 1 && !complete(out[0] ?? "")) return [];
  return out;
}
