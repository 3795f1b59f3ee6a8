export { createNluEngine, DEFAULT_OUT_OF_SCOPE_THRESHOLD } from "./nlu-engine";
export { evaluate, loadLabelledJsonl } from "./evaluate";
export type { EvalReport, IntentMetrics, LabelledRow, LoadedRows, LoadOptions, Predictor } from "./evaluate";
export { sentimentTrend, analyseSentiment } from "./sentiment";
export { DEFAULT_ORDER_NUMBER_PATTERN } from "./entity-extractor";
export { readPendingAnswer, type PendingNeed } from "./entities/pending-answer";
export { streetAddresses, type StreetAddress } from "./entities/street-address";
export { TrainingDataError } from "./training-data";
export { DEFAULT_INTENTS, ENTITY_TYPES } from "./nlu.types";
export type {
  CatalogueItem,
  Entity,
  EntityType,
  IntentName,
  NluEngine,
  NluOptions,
  PredictContext,
  ScoredIntent,
  Sentiment,
  SentimentLabel,
  StoreItem,
  Understanding,
} from "./nlu.types";
