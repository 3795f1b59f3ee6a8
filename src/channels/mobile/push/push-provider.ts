/** A notification to one app installation: a title and body the system shows, and data the app reads. */
export type PushMessage = {
  token: string;
  platform: string | null;
  title: string;
  body: string;
  data: Record<string, string>;
};

/** temporary: retry later; unregistered: the token is dead; permanent: this message will never go. */
export type PushFailure = "temporary" | "unregistered" | "permanent";

export class PushError extends Error {
  override name = "PushError";
  constructor(
    readonly failure: PushFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Sends a push notification through a push service; throws PushError classified as above. */
export interface PushProvider {
  send(message: PushMessage): Promise<{ id: string }>;
}
