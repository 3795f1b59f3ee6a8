export const DEFAULT_INTENTS = [
  "order_status",
  "delivery_window",
  "delivery_problem",
  "cancel_order",
  "change_order",
  "change_shipping_address",
  "return_request",
  "return_policy",
  "refund_status",
  "product_availability",
  "product_info",
  "store_hours",
  "store_location",
  "promotions",
  "payment_issue",
  "payment_methods",
  "invoice",
  "account_access",
  "account_change",
  "complaint",
  "human_agent",
  "feedback",
  "newsletter",
  "greeting",
  "thanks",
  "goodbye",
  "out_of_scope",
] as const;

export type IntentName = (typeof DEFAULT_INTENTS)[number];

/** Intents that carry social noise rather than a request; discounted when a message also asks for something. */
export const SOCIAL_INTENTS: ReadonlySet<string> = new Set(["greeting", "thanks", "goodbye"]);

export const OUT_OF_SCOPE = "out_of_scope";

export const ENTITY_TYPES = [
  "order_number",
  "email",
  "phone",
  "postal_code",
  "date",
  "quantity",
  "size",
  "colour",
  "product",
  "store",
  "person_name",
  "address",
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

export type Entity = {
  type: EntityType;
  /**
   * Normalised value: E.164 phone, ISO date, upper-case postcode, catalogue/store id for gazetteer hits,
   * title-cased person name, one-line address (its fields come from `streetAddresses`).
   */
  value: string;
  /** The text as the customer wrote it. */
  text: string;
  start: number;
  end: number;
  confidence?: number;
};

export type SentimentLabel = "negative" | "neutral" | "positive";

export type Sentiment = {
  score: number;
  label: SentimentLabel;
  frustration: number;
  urgency: number;
};

export type ScoredIntent = { intent: string; confidence: number };

export type Understanding = {
  text: string;
  intent: IntentName | string;
  confidence: number;
  secondary?: ScoredIntent;
  /** Top three intents of the whole message, best first. */
  ranking: ScoredIntent[];
  entities: Entity[];
  sentiment: Sentiment;
  language: "en";
};

export type CatalogueItem = { id: string; name: string; aliases?: string[] };
export type StoreItem = { id: string; name: string; city?: string; aliases?: string[] };

export type PredictContext = { catalogue?: CatalogueItem[]; stores?: StoreItem[]; now?: Date };

export type NluOptions = {
  /** A folder of `<intent>.json` files merged into the built-in training data (new intents or more examples). */
  extraTrainingDir?: string;
  /** Replaces the built-in order-number pattern; it must have the `g` flag or one is added. */
  orderNumberPattern?: RegExp;
  /** ISO 3166 region used for phone numbers written without a country code, e.g. "US", "GB". */
  defaultRegion?: string;
  /** Below this calibrated confidence the message is reported as out_of_scope. */
  outOfScopeThreshold?: number;
  /** Postal-code patterns to recognise; defaults to US ZIP and UK postcode. */
  postalCodePatterns?: RegExp[];
  /** A model file written by `NluEngine.save`; when present and built from the same training data, training is skipped. */
  modelPath?: string;
};

/** The built-in language-understanding engine: synchronous, offline, trained at start. */
export type NluEngine = {
  predict(text: string, ctx?: PredictContext): Understanding;
  intents(): string[];
  readonly trainingMs: number;
  setCatalogue(items: CatalogueItem[]): void;
  setStores(items: StoreItem[]): void;
  /** Writes the trained model so a later start can load it instead of training. */
  save(path: string): Promise<void>;
};
