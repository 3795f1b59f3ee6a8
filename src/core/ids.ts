import { randomBytes } from "node:crypto";

/**
 * Prefixes say what an id is, so any id in a log or a support ticket is self-describing.
 * Every table's primary key is minted here.
 */
export const ID_PREFIXES = {
  workspace: "ws",
  user: "usr",
  apiKey: "key",
  session: "ses",
  customer: "cus",
  identity: "idn",
  merge: "mrg",
  mergeProposal: "mpr",
  case: "case",
  message: "msg",
  event: "evt",
  knowledge: "kb",
  knowledgeVersion: "kbv",
  order: "ord",
  product: "prd",
  variant: "var",
  store: "sto",
  return: "ret",
  action: "act",
  turn: "turn",
  webhook: "whk",
  effect: "eff",
  webhookEndpoint: "wep",
  conversation: "conv",
  emailAttachment: "att",
  emailOutbound: "eout",
  oneTimeCode: "otc",
  delivery: "dlv",
  queue: "que",
  queueItem: "qit",
  transfer: "trf",
  summary: "sum",
  suggestion: "sug",
  erasure: "era",
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
}

/**
 * Time-ordered ids (48-bit millisecond time + 80 random bits, like a ULID) so that
 * ids sort by creation time, which keeps keyset pagination and index locality cheap.
 */
export function newId(kind: IdKind, now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  let t = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes.set(randomBytes(10), 6);
  return `${ID_PREFIXES[kind]}_${encodeBase32(bytes)}`;
}

export function hasPrefix(id: string, kind: IdKind): boolean {
  return id.startsWith(`${ID_PREFIXES[kind]}_`);
}
