import { randomBytes } from "node:crypto";

/**
 * Concurrent shoppers writing through the REST channel, each message with its own external
 * id, for the fault tests: which messages the server acknowledged, and whether each is stored
 * exactly once afterwards.
 */
export type SentMessage = {
  externalId: string;
  text: string;
  sender: string;
  /** Last HTTP status seen, or "network" when the connection failed. */
  status: number | "network";
  acknowledged: boolean;
  caseId?: string;
  /** Retry-After header of every 503 seen for this message. */
  retryAfter: (string | null)[];
  statuses: (number | "network")[];
};

export type LoadOptions = {
  url: () => string;
  headers: Record<string, string>;
  workers: number;
  /** Retry a failed message (same external id) until acknowledged, as a well-behaved client does. */
  retry: boolean;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type Load = {
  /** Fills in as the shoppers go. */
  sent: SentMessage[];
  acknowledged(): number;
  /** No new messages; resolves once those in flight (and their retries) are done. */
  stop(): Promise<SentMessage[]>;
};

export function startLoad(options: LoadOptions): Load {
  const sent: SentMessage[] = [];
  let running = true;
  const run = randomBytes(3).toString("hex");
  const worker = async (w: number) => {
    const sender = `load.${run}.${w}@example.com`;
    for (let i = 0; running; i++) {
      const message: SentMessage = {
        externalId: `load-${run}-${w}-${i}`,
        text: `load ${run} ${w} ${i}: where is my parcel?`,
        sender,
        status: "network",
        acknowledged: false,
        retryAfter: [],
        statuses: [],
      };
      sent.push(message);
      for (let attempt = 0; attempt < 600; attempt++) {
        await post(options, message);
        if (message.acknowledged || !options.retry) break;
        await pause(200);
      }
    }
  };
  const done = Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w)));
  return {
    sent,
    acknowledged: () => sent.filter((m) => m.acknowledged).length,
    stop: async () => {
      running = false;
      await done;
      return sent;
    },
  };
}

/** Resolves once `enough()` holds, checking every 100 ms; fails after `timeoutMs`. */
export async function waitFor(enough: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!enough()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(100);
  }
}

async function post(options: LoadOptions, message: SentMessage): Promise<void> {
  try {
    const response = await fetch(`${options.url()}/api/v1/channels/rest/messages`, {
      method: "POST",
      headers: { ...options.headers, "content-type": "application/json" },
      body: JSON.stringify({
        sender: [{ kind: "email", value: message.sender }],
        text: message.text,
        externalId: message.externalId,
      }),
      signal: AbortSignal.timeout(30_000),
    });
    message.status = response.status;
    message.statuses.push(response.status);
    if (response.status === 503) message.retryAfter.push(response.headers.get("retry-after"));
    const body = (await response.json().catch(() => ({}))) as { caseId?: string };
    if (response.status === 200 || response.status === 201) {
      message.acknowledged = true;
      message.caseId = body.caseId;
    }
  } catch {
    message.status = "network";
    message.statuses.push("network");
  }
}

/** How many times each message's text is stored as an inbound message, read back through the API. */
export async function countStored(
  url: string,
  headers: Record<string, string>,
  caseIds: Iterable<string>,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const caseId of new Set(caseIds)) {
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=200&cursor=${cursor}` : "?limit=200";
      const response = await fetch(`${url}/api/v1/cases/${caseId}/messages${query}`, { headers });
      if (response.status !== 200)
        throw new Error(`reading ${caseId}: ${response.status} ${await response.text()}`);
      const page = (await response.json()) as {
        messages: { body: string; direction: string }[];
        nextCursor: string | null;
      };
      for (const message of page.messages) {
        if (message.direction === "inbound") counts.set(message.body, (counts.get(message.body) ?? 0) + 1);
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return counts;
}

/** Lost: acknowledged but not stored. Duplicated: stored more than once. */
export function audit(
  sent: SentMessage[],
  stored: Map<string, number>,
): { lost: string[]; duplicated: string[] } {
  return {
    lost: sent.filter((m) => m.acknowledged && !stored.get(m.text)).map((m) => m.externalId),
    duplicated: sent.filter((m) => (stored.get(m.text) ?? 0) > 1).map((m) => m.externalId),
  };
}
