export { createRealtimeService, type RealtimeService, type Ack, type OpenConversation, type OfflineReply } from "./realtime.service";
export { realtimeRoutes } from "./realtime.routes";
export { DEFAULT_REALTIME_LIMITS, type RealtimeLimits } from "./customer-session";
export { createInProcessFanout } from "./lib/in-process-fanout";
export { createPostgresFanout } from "./lib/postgres-fanout";
export { conversationIdentities } from "./lib/conversation-identities";
export { identitySignature } from "./lib/signed-identity";
export { REALTIME_ERRORS } from "./realtime.errors";
export {
  REALTIME_CHANNELS,
  type RealtimeChannel,
  type RealtimeChannelName,
  type RealtimeFanout,
  type FanoutEvent,
  type ConversationRef,
  type ShopperContext,
  type WireEvent,
} from "./realtime.types";
