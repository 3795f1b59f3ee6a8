export { createMobileChannel } from "./mobile.adapter";
export { mobileRoutes } from "./mobile.routes";
export { createMobilePush, PUSH_JOB, type MobilePush } from "./push/mobile-push";
export { FcmPushProvider, readServiceAccountKey, type ServiceAccountKey } from "./push/fcm-push.adapter";
export { PushError, type PushMessage, type PushProvider } from "./push/push-provider";
