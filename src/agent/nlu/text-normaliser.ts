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

const OTHER_COMPANIES =
  /\b(?:amazon|ebay|argos|tesco|sainsbury'?s?|asda|aldi|lidl|morrisons|waitrose|ikea|primark|marks (?:and|&) spencer|m ?& ?s|john lewis|currys|apple store|zara|h ?& ?m|asos|shein|temu|walmart|costco|best buy|home depot|netflix|spotify|disney\+?|gmail|hotmail|outlook|yahoo|facebook|instagram|tiktok|whatsapp|icloud|xbox|playstation|uber|deliveroo|just eat|airbnb|vodafone|virgin media|barclays|hsbc|lloyds|natwest|santander|monzo)\b/g;

// Multi-word variants collapsed before tokenising, so "log in", "log-in" and "login" are one feature.
const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\be[- ]mail/g, "email"],
  [/\b(log|sign)[- ]?(in|on)\b/g, "login"],
  [/\b(log|sign)[- ]?out\b/g, "logout"],
  [/\bsign[- ]?up\b/g, "signup"],
  [/\bmoney back\b/g, "refund"],
  // Asking under which conditions something applies is a question about the rules, whatever follows.
  [/\b(?:in|under|for) (?:what|which) (?:cases?|situations?|circumstances?|conditions?)\b/g, "xconditions"],
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
  // Something bought elsewhere is not ours to repair, track or refund, however retail the words
  // around it are ("my laptop, not from you, keeps crashing"); one token lets that weigh as one signal.
  [
    /\b(?:not (?:bought |purchased |ordered |got )?(?:from|with|through|off) (?:you|your (?:shop|store|site|website|company|stores))|(?:from|at|off|with) (?:a |an )?(?:another|other|different) (?:shop|store|retailer|website|site|seller|company|brand|supplier)|(?:bought|got|purchased|ordered) (?:it |them |this |that )?(?:somewhere else|elsewhere)|second[- ]hand)\b/g,
    " xelsewhere ",
  ],
  // Other shops and online services, one token: their accounts, parcels and hours are not ours, and
  // naming the company matters more than which company it is. Carriers and payment providers are
  // left out on purpose, because customers name them about our own orders and checkout.
  [OTHER_COMPANIES, " xbrand "],
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
  rebating: "refunding",
  reimbursing: "refunding",
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
// An amount written with a symbol or a currency word: "1499 dollars" is a sum, not an order number.
const MONEY =
  /[$£€]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:dollars?|pounds?|euros?|quid|bucks|usd|gbp|eur|cad|aud)\b/g;

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

// Spoken hesitations carry no meaning; transcripts are full of them.
const FILLERS: ReadonlySet<string> = new Set([
  "um",
  "umm",
  "uh",
  "uhh",
  "uhm",
  "er",
  "erm",
  "errr",
  "hmm",
  "mm",
  "ah",
]);

// A transcript repeats words while the speaker thinks ("is it is it ok"); keep one copy of a
// repeated one- or two-word run so the repetition does not double a feature's weight.
function dropRepeats(tokens: string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const n = out.length;
    if (n >= 1 && out[n - 1] === t) continue;
    if (n >= 3 && out[n - 1] === out[n - 3] && out[n - 2] === t) {
      out.pop();
      continue;
    }
    out.push(t);
  }
  return out;
}

/** Splits normalised text into word tokens; numbers become `xid` (long, likely an order or account id) or `xnum`. */
export function tokenise(normalised: string): string[] {
  return dropRepeats(rawTokens(normalised).filter((t) => !FILLERS.has(t)));
}

function rawTokens(normalised: string): string[] {
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

const ADDRESSES_US = /\b(?:you|your|yours|yourselves|u|ur|ya|we|us|our)\b/i;
// The customer's order, parcel or account with the other company ("my Amazon parcel"): a polite
// "can you…" in front does not make it ours, though a mention of our own goods or prices does.
const THEIR_THING =
  /\b(?:my|our|an?|the|this)\s+(?:amazon|ebay|argos|tesco|asda|ikea|asos|shein|temu|walmart|costco|netflix|spotify|gmail|hotmail|outlook|yahoo|facebook|instagram|icloud|uber|deliveroo|airbnb|vodafone|barclays|hsbc|lloyds|natwest|santander|monzo)\s+(?:order|parcel|package|delivery|account|password|login|subscription|card|bill|app|email|purchase|refund)s?\b/;
const OURS = /\b(?:your|yours|from you|with you|you sell|you stock|you guys sell)\b/;

/**
 * Whether the text is about another company and not about us: it names another shop or service
 * and never addresses the retailer ("my Gmail password", "is Tesco open"). "Can you match Amazon's
 * price?" addresses us and so does not count.
 */
export function isAboutAnotherCompany(text: string): boolean {
  const lower = text.toLowerCase();
  OTHER_COMPANIES.lastIndex = 0;
  const names = OTHER_COMPANIES.test(lower);
  OTHER_COMPANIES.lastIndex = 0;
  if (!names) return false;
  if (THEIR_THING.test(lower) && !OURS.test(lower)) return true;
  return !ADDRESSES_US.test(lower.replace(OTHER_COMPANIES, " "));
}
