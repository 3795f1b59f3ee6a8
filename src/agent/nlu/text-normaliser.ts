// Turns raw customer text into canonical tokens so that spelling, shorthand and phrasing variants
// land on the same features; the classifier only ever sees the output of this module.

const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bcan'?t\b/g, "can not"],
  [/\bwon'?t\b/g, "will not"],
  [/\bshan'?t\b/g, "shall not"],
  [/\b(\w+)n't\b/g, "$1 not"],
  [/\bi'm\b/g, "i am"],
  [/\b(\w+)'re\b/g, "$1 are"],
  [/\b(\w+)'ve\b/g, "$1 have"],
  [/\b(\w+)'ll\b/g, "$1 will"],
  [/\b(\w+)'d\b/g, "$1 would"],
  [/\b(it|that|what|where|there|here|who|how|when)'s\b/g, "$1 is"],
  [/'s\b/g, ""],
];

// Multi-word variants collapsed before tokenising, so "log in", "log-in" and "login" are one feature.
const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\be[- ]mail/g, "email"],
  [/\b(log|sign)[- ]?(in|on)\b/g, "login"],
  [/\b(log|sign)[- ]?out\b/g, "logout"],
  [/\bsign[- ]?up\b/g, "signup"],
  [/\bmoney back\b/g, "refund"],
  [/\bcharge[- ]?back\b/g, "chargeback"],
  [/\bcheck[- ]?out\b/g, "checkout"],
  [/\bpre[- ]?order/g, "preorder"],
  [/\bin[- ]stock\b/g, "instock"],
  [/\bout[- ]of[- ]stock\b/g, "outofstock"],
  [/\bpost[- ]?code\b/g, "postcode"],
  [/\bzip[- ]?code\b/g, "postcode"],
  [/\bopening hours\b/g, "hours"],
  [/\bnews[- ]letter/g, "newsletter"],
  [/\bwhere'?s\b/g, "where is"],
  [/\bwhat'?s\b/g, "what is"],
  [/\bhow'?s\b/g, "how is"],
  [/\bwanna\b/g, "want to"],
  [/\bgonna\b/g, "going to"],
  [/\bgotta\b/g, "have to"],
];

// Shorthand and near-synonyms mapped to one canonical word. Only unambiguous equivalences belong here;
// everything else is left for the training examples to teach.
const CANONICAL: Readonly<Record<string, string>> = {
  purchase: "order",
  purchases: "orders",
  parcel: "package",
  parcels: "packages",
  pkg: "package",
  shipment: "package",
  shipments: "packages",
  consignment: "package",
  reimbursement: "refund",
  reimbursements: "refunds",
  reimburse: "refund",
  reimbursed: "refunded",
  restitution: "refund",
  rebate: "refund",
  rebates: "refunds",
  compensation: "refund",
  compensations: "refunds",
  cannot: "can not",
  article: "item",
  articles: "items",
  goods: "items",
  repayment: "refund",
  pwd: "password",
  passwd: "password",
  pw: "password",
  passcode: "password",
  acct: "account",
  acc: "account",
  pls: "please",
  plz: "please",
  plse: "please",
  u: "you",
  ur: "your",
  r: "are",
  ya: "you",
  thx: "thanks",
  thanx: "thanks",
  tks: "thanks",
  ty: "thanks",
  tnx: "thanks",
  asap: "urgently",
  addr: "address",
  info: "information",
  msg: "message",
  modalities: "options",
  modality: "option",
  methods: "options",
  method: "option",
  modes: "options",
  mode: "option",
  ways: "options",
  hrs: "hours",
  rep: "representative",
  reps: "representatives",
  cx: "customer",
  cust: "customer",
  ppl: "people",
  im: "i am",
  dont: "do not",
  cant: "can not",
  wont: "will not",
  didnt: "did not",
  doesnt: "does not",
  havent: "have not",
  isnt: "is not",
  wasnt: "was not",
  whats: "what is",
  wheres: "where is",
  hows: "how is",
  ok: "okay",
  k: "okay",
  hi: "hello",
  hiya: "hello",
  hey: "hello",
  yo: "hello",
  howdy: "hello",
  bye: "goodbye",
  cya: "goodbye",
  colour: "color",
  colours: "colors",
  cancellation: "cancel",
  cancelation: "cancel",
  cancelling: "cancel",
  canceling: "cancel",
  cancelled: "canceled",
  favour: "favor",
  enquiry: "inquiry",
  enquire: "inquire",
  catalog: "catalogue",
  delivey: "delivery",
  adress: "address",
};

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/g;
const URL = /\bhttps?:\/\/\S+/g;
const MONEY = /[$£€]\s?\d+(?:[.,]\d+)?/g;

/** Lower-cases, expands contractions and phrase variants, and masks values whose digits carry no intent. */
export function normaliseText(text: string): string {
  let s = text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"');
  s = s.replace(/\{\{[^}]*\}\}/g, " xid ");
  s = s.replace(URL, " xurl ").replace(EMAIL, " xemail ").replace(MONEY, " xmoney ");
  for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
  for (const [pattern, replacement] of PHRASES) s = s.replace(pattern, replacement);
  return s;
}

/** Splits normalised text into word tokens; numbers become `xid` (long, likely an order or account id) or `xnum`. */
export function tokenise(normalised: string): string[] {
  const out: string[] = [];
  for (const raw of normalised.split(/[^a-z0-9#]+/)) {
    if (raw === "" || raw === "#") continue;
    const word = raw.replace(/^#+/, "");
    if (/\d/.test(word)) {
      out.push(word.replace(/\D/g, "").length >= 4 ? "xid" : "xnum");
      continue;
    }
    const canonical = CANONICAL[word];
    if (canonical === undefined) out.push(word);
    else out.push(...canonical.split(" "));
  }
  return out;
}

export function isCanonicalWord(word: string): boolean {
  return Object.hasOwn(CANONICAL, word);
}
