/**
 * What the staff connection receives when a call reaches a person: who is calling (as far as
 * the number tells), how far they are proven, the case, and the gist of the last contact.
 */
export type ScreenPop = {
  callSid: string;
  transferredAt: string;
  /** Why the call left the AI: the agent's escalation reason, "no_input" or "turn_limit". */
  reason: string;
  caller: { phone: string | null };
  customer: {
    id: string;
    displayName: string | null;
    tier: string;
    identities: { kind: string; value: string; verificationLevel: string }[];
  };
  verification: {
    /** This call: a caller ID only recognises; proof in the call (a one-time code) verifies. */
    contact: "anonymous" | "recognised" | "verified";
    /** The customer record's own proof, for staff. */
    record: string;
    method: string | null;
  };
  case: {
    id: string;
    status: string;
    priority: string;
    orderRef: string | null;
    subject: string | null;
    intent: string | null;
    channels: string[];
  };
  lastInteraction: { channel: string; at: string; summary: string } | null;
};

export type VoiceCall = {
  workspaceId: string;
  callSid: string;
  caseId: string;
  customerId: string;
  status: string;
  turns: number;
  transferredAt: Date | null;
  screenPop: ScreenPop | null;
  startedAt: Date;
  endedAt: Date | null;
};
