/**
 * Our reply in an email's style: a greeting by first name, the answer as paragraphs, a
 * sign-off with the retailer's name. The HTML part is built from escaped text only, so
 * nothing in an answer can become markup.
 */
export function renderEmailReply(input: {
  customerName: string | null;
  body: string;
  retailerName: string;
}): { text: string; html: string } {
  const first = firstName(input.customerName);
  const greeting = first ? `Hello ${first},` : "Hello,";
  const paragraphs = input.body
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}|\n(?=[-•*] )/)
    .map((p) => p.trim())
    .filter(Boolean);
  const signOff = ["Kind regards,", `${input.retailerName} customer support`];
  const text = [greeting, ...paragraphs, signOff.join("\n")].join("\n\n");
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`),
    `<p>${signOff.map(escapeHtml).join("<br>")}</p>`,
  ].join("\n");
  return { text, html };
}

function firstName(name: string | null): string | null {
  const first = name
    ?.trim()
    .split(/\s+/)[0]
    ?.replace(/[^\p{L}\p{M}'-]/gu, "");
  return first && first.length <= 40 ? first : null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
