/**
 * Error codes of the realtime protocol, sent in `error` frames (and as HTTP errors on the
 * handshake). Never renamed or reused once shipped.
 */
export const REALTIME_ERRORS = {
  FRAME_INVALID: "REALTIME_FRAME_INVALID",
  FRAME_TOO_LARGE: "REALTIME_FRAME_TOO_LARGE",
  BINARY_UNSUPPORTED: "REALTIME_BINARY_UNSUPPORTED",
  HELLO_REQUIRED: "REALTIME_HELLO_REQUIRED",
  HELLO_REPEATED: "REALTIME_HELLO_REPEATED",
  HELLO_TIMEOUT: "REALTIME_HELLO_TIMEOUT",
  IDENTITY_INVALID: "REALTIME_IDENTITY_INVALID",
  LAST_SEQ_INVALID: "REALTIME_LAST_SEQ_INVALID",
  RATE_LIMITED: "REALTIME_RATE_LIMITED",
  REPLY_FAILED: "REALTIME_REPLY_FAILED",
  INTERNAL: "REALTIME_INTERNAL",
  WORKSPACE_UNKNOWN: "REALTIME_WORKSPACE_UNKNOWN",
  CONVERSATION_UNKNOWN: "REALTIME_CONVERSATION_UNKNOWN",
} as const;
export type RealtimeErrorCode = (typeof REALTIME_ERRORS)[keyof typeof REALTIME_ERRORS];

/** WebSocket close codes the server uses (4000–4999 are the application's). */
export const CLOSE_CODES = {
  /** Too many frames or too many refused ones: the client must back off before reconnecting. */
  policy: 1008,
  identityRefused: 4401,
  helloTimeout: 4408,
  badResume: 4409,
  shuttingDown: 1001,
} as const;
