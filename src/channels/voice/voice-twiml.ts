import VoiceResponse from "twilio/lib/twiml/VoiceResponse.js";
import type { VoiceTransfer } from "../twilio/twilio.types";

const LANGUAGE = "en-US";

/**
 * Says `text` while listening for speech; the transcript goes to `action`. With no speech the
 * provider still calls `action` (actionOnEmptyResult), so silence is handled in one place.
 */
export function gatherTwiml(text: string, action: string): string {
  const response = new VoiceResponse();
  const gather = response.gather({
    input: ["speech"],
    action,
    method: "POST",
    speechTimeout: "auto",
    language: LANGUAGE,
    actionOnEmptyResult: true,
  });
  gather.say({ language: LANGUAGE }, text);
  return response.toString();
}

/** Says `text`, then puts the caller through to the workspace's queue or number. */
export function transferTwiml(text: string, transfer: VoiceTransfer): string {
  const response = new VoiceResponse();
  if (text) response.say({ language: LANGUAGE }, text);
  if (transfer.kind === "dial") response.dial(transfer.number);
  else response.enqueue(transfer.queue);
  return response.toString();
}
