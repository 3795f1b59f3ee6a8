/** Where an address sends mail inside Throughline: a workspace, and possibly one case. */
export type RecipientRoute = { slug: string; localPart: string; replyToken: string | null };

/**
 * Our addresses are `<anything>@<workspace slug>.<inbound domain>`; `reply+<token>@…` also names
 * a case. Anything else is not ours (and must be refused: we are not a relay).
 */
export function parseRecipient(address: string, inboundDomain: string): RecipientRoute | null {
  const at = address.lastIndexOf("@");
  if (at <= 0) return null;
  const localPart = address.slice(0, at).toLowerCase();
  const domain = address
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, "");
  const suffix = `.${inboundDomain.toLowerCase()}`;
  if (!domain.endsWith(suffix)) return null;
  const slug = domain.slice(0, -suffix.length);
  // One label: a workspace slug, never a deeper subdomain.
  if (!/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(slug)) return null;
  const token = /^reply\+([a-z0-9]{8,64})$/.exec(localPart)?.[1] ?? null;
  return { slug, localPart, replyToken: token };
}

export function workspaceAddress(localPart: string, slug: string, inboundDomain: string): string {
  return `${localPart}@${slug}.${inboundDomain}`;
}
