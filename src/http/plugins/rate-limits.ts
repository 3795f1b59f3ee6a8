import rateLimit, { type FastifyRateLimitStore } from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { counterKey, type RateLimitCounter } from "./rate-limit-counter";

export type RateLimitSettings = {
  ipPerMinute: number;
  keyPerMinute: number;
  senderPerMinute: number;
  authFailuresPerIpPerMinute: number;
  loginFailuresBeforeLockout: number;
  loginLockoutSeconds: number;
};

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  ipPerMinute: 600,
  keyPerMinute: 1200,
  senderPerMinute: 30,
  authFailuresPerIpPerMinute: 30,
  loginFailuresBeforeLockout: 5,
  loginLockoutSeconds: 60,
};

const MINUTE_MS = 60_000;

/** The same 429 for every limit: a code, a message saying when to retry, and Retry-After. */
export function tooManyRequests(reply: FastifyReply, ttlMs: number, what: string): Error {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  void reply.header("retry-after", String(seconds));
  return Object.assign(new Error(`too many ${what}; retry after ${seconds} s`), {
    statusCode: 429,
    code: "RATE_LIMITED",
  });
}

/** Adapts the shared counter to @fastify/rate-limit's store interface. */
function databaseStore(counter: RateLimitCounter) {
  return class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly prefix = "ip",
    ) {}
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      counter.hit(counterKey(this.prefix, key), timeWindow).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }
    child(routeOptions: Parameters<FastifyRateLimitStore["child"]>[0]) {
      // The plugin passes its merged options, with the route under `routeInfo`.
      const route = (routeOptions as unknown as { routeInfo?: { method?: unknown; url?: unknown } })
        .routeInfo;
      return new DatabaseRateLimitStore(
        undefined,
        `${this.prefix}:${String(route?.method)}:${String(route?.url)}`,
      );
    }
  };
}

export type LoginThrottle = {
  /** Throws 429 while the account is locked out. */
  check(reply: FastifyReply, workspace: string, email: string): Promise<void>;
  failed(workspace: string, email: string): Promise<void>;
  succeeded(workspace: string, email: string): Promise<void>;
};

const accountKey = (workspace: string, email: string) =>
  counterKey("login", workspace.trim().toLowerCase(), email.trim().toLowerCase());

export type ChannelSender = { kind: string; value: string };

declare module "fastify" {
  interface FastifyInstance {
    loginThrottle: LoginThrottle;
    /** Counts a channel message against each identity it claims; throws 429 over the limit. */
    limitSenders(
      request: FastifyRequest,
      reply: FastifyReply,
      workspaceId: string,
      sender: ChannelSender[],
    ): Promise<void>;
  }
}

/**
 * Limits that hold across nodes (counters in the shared database):
 * - every request, per client address (@fastify/rate-limit, before authentication);
 * - authenticated requests, per API key or session;
 * - failed logins and invalid keys, per client address;
 * - logins, per account, with a lockout that doubles with every further failure;
 * - channel messages, per customer identity (`limitSenders`).
 * A database outage lets requests through rather than turning every request into an error.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  options: { counter: RateLimitCounter; limits: RateLimitSettings },
): Promise<void> {
  const { limits, counter } = options;
  const store = databaseStore(counter);

  await app.register(rateLimit, {
    global: true,
    hook: "onRequest",
    max: limits.ipPerMinute,
    timeWindow: MINUTE_MS,
    store,
    skipOnError: true,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(`too many requests from this address; retry after ${Math.ceil(context.ttl / 1000)} s`),
        {
          statusCode: 429,
          code: "RATE_LIMITED",
        },
      ),
  });

  const authFailureKey = (request: FastifyRequest) => counterKey("auth-failures", request.ip);
  app.addHook("onRequest", async (request, reply) => {
    if (request.routeOptions.config.auth === "public" && !request.routeOptions.config.countsAuthFailures)
      return;
    const { current, ttl } = await counter
      .peek(authFailureKey(request))
      .catch(() => ({ current: 0, ttl: 0 }));
    if (current >= limits.authFailuresPerIpPerMinute) {
      throw tooManyRequests(reply, ttl, "failed sign-ins from this address");
    }
  });
  // Counted before the response leaves, so a client's next attempt already sees this failure.
  app.addHook("onSend", async (request, reply, payload) => {
    if (reply.statusCode === 401)
      await counter.hit(authFailureKey(request), MINUTE_MS).catch(() => undefined);
    return payload;
  });

  app.decorate("loginThrottle", {
    async check(reply, workspace, email) {
      const ttl = await counter.blockedFor(accountKey(workspace, email)).catch(() => 0);
      if (ttl > 0) throw tooManyRequests(reply, ttl, "failed sign-ins for this account");
    },
    async failed(workspace, email) {
      await counter.fail(
        accountKey(workspace, email),
        limits.loginFailuresBeforeLockout,
        limits.loginLockoutSeconds,
      );
    },
    async succeeded(workspace, email) {
      await counter.reset(accountKey(workspace, email));
    },
  } satisfies LoginThrottle);

  app.decorate(
    "limitSenders",
    async (_request: FastifyRequest, reply: FastifyReply, workspaceId: string, sender: ChannelSender[]) => {
      const keys = new Set(
        sender.map((s) => counterKey("sender", workspaceId, s.kind, s.value.trim().toLowerCase())),
      );
      const hits = await Promise.all([...keys].map((key) => counter.hit(key, MINUTE_MS))).catch(() => []);
      const over = hits.filter((h) => h.current > limits.senderPerMinute);
      if (over.length)
        throw tooManyRequests(reply, Math.max(...over.map((h) => h.ttl)), "messages from this sender");
    },
  );
}

/** Runs after authentication: one budget per API key or staff session. */
export function registerCredentialLimit(
  app: FastifyInstance,
  options: { counter: RateLimitCounter; limits: RateLimitSettings },
) {
  const { counter } = options;
  app.addHook("onRequest", async (request, reply) => {
    const principal = request.auth?.principal;
    if (!principal) return;
    const credential = request.auth?.sessionId ?? `${principal.kind}:${principal.id}`;
    const hit = await counter.hit(counterKey("credential", credential), MINUTE_MS).catch(() => undefined);
    if (hit && hit.current > options.limits.keyPerMinute) {
      throw tooManyRequests(reply, hit.ttl, "requests with this credential");
    }
  });
}
