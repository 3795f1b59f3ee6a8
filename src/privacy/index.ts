export { createErasureService, type ErasureService, type ErasureRecord, ERASED } from "./erasure.service";
export { privacyRoutes } from "./privacy.routes";
