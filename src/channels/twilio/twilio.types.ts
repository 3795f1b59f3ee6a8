/** Where a call goes when it needs a person: a queue the team answers, or a number to dial. */
export type VoiceTransfer = { kind: "enqueue"; queue: string } | { kind: "dial"; number: string };

/** A workspace's provider account as staff see it: the auth token only as its last four characters. */
export type TwilioAccountView = {
  accountSid: string;
  authTokenHint: string;
  phoneNumbers: string[];
  transfer: VoiceTransfer;
  updatedAt: Date;
};

/** What the server needs to check a webhook and call the provider's API. */
export type TwilioCredentials = { accountSid: string; authToken: string };
