import type { ScreenPop } from "./voice.types";

/** Emitted once per call, when it is handed to a person; the payload is the screen pop. */
export const CALL_TRANSFERRED = "call.transferred";
export type CallTransferredPayload = ScreenPop;
