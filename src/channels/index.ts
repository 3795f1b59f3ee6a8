export { createIngest, type Ingest, type InboundContact, type IngestResult } from "./ingest";
