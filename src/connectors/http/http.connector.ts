import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from "cockatiel";
import { upstreamInvalid, upstreamUnavailable } from "../connectors.errors";
import type { InventoryLevel, InventorySystem } from "../inventory";
import { getPath, setPath } from "../lib/dotted-path";
import type { OrderActionTarget, RemoteActionAnswer } from "../order-actions";
import type { OrderSystem } from "../order-system";
import { orderRecord, type Order } from "../retail-records";
import type { HttpConnectorConfig } from "./http.config";

/** A 4xx other than 404 is the retailer's answer, not a transient fault: never retried. */
class PermanentUpstreamError extends Error {
  override name = "PermanentUpstreamError";
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`upstream answered ${status}`);
  }
}

class TransientUpstreamError extends Error {
  override name = "TransientUpstreamError";
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`upstream answered ${status}`);
  }
}

export type HttpConnector = { orders: OrderSystem; inventory: InventorySystem; actions: OrderActionTarget; policy: IPolicy };

/** Which configured path serves which action tool. */
const ACTION_PATHS = {
  "order.cancel": "cancel",
  "order.changeAddress": "changeAddress",
  "returns.create": "createReturn",
  "exchanges.create": "createExchange",
} as const satisfies Record<string, keyof HttpConnectorConfig["actions"]>;

const actionPath = (config: HttpConnectorConfig, tool: string): string | undefined =>
  tool in ACTION_PATHS ? config.actions[ACTION_PATHS[tool as keyof typeof ACTION_PATHS]] : undefined;

/**
 * Reads orders and inventory from a retailer's REST API. Every call is bounded: a timeout per
 * attempt, a few retries with exponential backoff, and a circuit breaker that fails fast while
 * the upstream is down, so a slow system degrades to "can't check right now" instead of a hang.
 */
export function createHttpConnector(config: HttpConnectorConfig): HttpConnector {
  const retryable = handleWhen(
    (error) => !(error instanceof PermanentUpstreamError) && !(error instanceof BrokenCircuitError),
  );
  const policy = wrap(
    retry(retryable, {
      maxAttempts: config.retries,
      backoff: new ExponentialBackoff({ initialDelay: config.backoffMs, maxDelay: config.backoffMs * 8 }),
    }),
    circuitBreaker(handleWhen((error) => !(error instanceof PermanentUpstreamError)), {
      halfOpenAfter: config.breaker.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(config.breaker.consecutiveFailures),
    }),
    timeout(config.timeoutMs, TimeoutStrategy.Aggressive),
  );

  async function getJson(path: string): Promise<unknown | null> {
    // Joined as text so the base URL's own path prefix ("https://x/api") is kept.
    const url = `${config.baseUrl.replace(/\/+$/, "")}${path}`;
    const headers: Record<string, string> = { accept: "application/json" };
    if (config.authHeader) headers[config.authHeader.name] = config.authHeader.value;
    try {
      return await policy.execute(async ({ signal }) => {
        const response = await fetch(url, { headers, signal });
        const body = await response.text();
        if (response.status === 404) return null;
        if (response.status >= 500 || response.status === 429) throw new TransientUpstreamError(response.status, body);
        if (!response.ok) throw new PermanentUpstreamError(response.status, body.slice(0, 500));
        try {
          return JSON.parse(body) as unknown;
        } catch (cause) {
          throw new PermanentUpstreamError(response.status, `not JSON: ${String(cause)}`);
        }
      });
    } catch (error) {
      if (error instanceof PermanentUpstreamError) {
        throw upstreamInvalid("order", `status ${error.status}`, { status: error.status, body: error.body });
      }
      // Timeouts (TaskCancelledError), an open breaker and network faults all mean "can't check now".
      throw upstreamUnavailable("order", error);
    }
  }

  function toOrder(raw: unknown): Order {
    const mapped = mapOrder(raw, config);
    const parsed = orderRecord.safeParse(mapped);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw upstreamInvalid("order", `an order Throughline cannot read (${issue?.path.join(".")}: ${issue?.message})`);
    }
    return parsed.data;
  }

  const fill = (template: string, values: Record<string, string>) =>
    template.replace(/\{(\w+)\}/g, (_m, key: string) => encodeURIComponent(values[key] ?? ""));
  const withQuery = (template: string, values: Record<string, string>) => {
    const [pathPart, query] = template.split("?");
    return query ? `${fill(pathPart ?? "", values)}?${fill(query, values)}` : fill(template, values);
  };

  /**
   * One POST per attempt under the same Idempotency-Key, so a retry after a lost answer cannot
   * act twice on a system that honours the key. 2xx accepts; 409/422 (and other 4xx) refuse.
   */
  async function postAction(path: string, body: Record<string, unknown>, idempotencyKey: string): Promise<RemoteActionAnswer> {
    const url = `${config.baseUrl.replace(/\/+$/, "")}${path}`;
    const headers: Record<string, string> = {
      accept: "application/json",
      "content-type": "application/json",
      "idempotency-key": idempotencyKey,
    };
    if (config.authHeader) headers[config.authHeader.name] = config.authHeader.value;
    try {
      return await policy.execute(async ({ signal }) => {
        const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal });
        const text = await response.text();
        if (response.status >= 500 || response.status === 429) throw new TransientUpstreamError(response.status, text);
        let parsed: Record<string, unknown> = {};
        try {
          parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          parsed = {};
        }
        if (response.ok) {
          const reference = parsed.reference ?? parsed.id;
          return { accepted: true, ...(typeof reference === "string" || typeof reference === "number" ? { reference: String(reference) } : {}) };
        }
        const message = typeof parsed.message === "string" ? parsed.message.slice(0, 300) : `the order system answered ${response.status}`;
        return { accepted: false, status: response.status, message };
      });
    } catch (error) {
      throw upstreamUnavailable("order", error);
    }
  }

  return {
    policy,
    actions: {
      supports: (tool) => actionPath(config, tool) !== undefined,
      async perform(tool, orderNumber, body, idempotencyKey) {
        const path = actionPath(config, tool);
        if (!path) throw new Error(`no action endpoint for ${tool}`);
        return postAction(withQuery(path, { number: orderNumber.trim() }), body, idempotencyKey);
      },
    },
    orders: {
      name: "http",
      async getOrder(_workspaceId, number) {
        const raw = await getJson(withQuery(config.orderPath, { number: number.trim() }));
        return raw === null ? null : toOrder(raw);
      },
      async listOrders(_workspaceId, owner, options) {
        if (!config.customerOrdersPath) return [];
        const found: Order[] = [];
        for (const email of owner.emails.slice(0, 3)) {
          const raw = await getJsonWithQuery(config.customerOrdersPath, { email, externalId: "" });
          const list = getPath(raw, config.mapping.orderList);
          if (Array.isArray(list)) for (const item of list) found.push(toOrder(item));
        }
        return found.slice(0, options.limit);
      },
    },
    inventory: {
      name: "http",
      async levels(_workspaceId, sku, locations) {
        const raw = await getJson(withQuery(config.inventoryPath, { sku }));
        if (raw === null) return [];
        const list = getPath(raw, config.mapping.inventory.list);
        if (!Array.isArray(list)) throw upstreamInvalid("inventory", "no list of stock levels");
        const levels: InventoryLevel[] = [];
        for (const item of list) {
          const quantity = Number(getPath(item, config.mapping.inventory.quantity));
          const location = getPath(item, config.mapping.inventory.location);
          if (!Number.isFinite(quantity) || typeof location !== "string") continue;
          const itemSku = getPath(item, config.mapping.inventory.sku);
          if (typeof itemSku === "string" && itemSku !== sku) continue;
          if (locations && !locations.includes(location)) continue;
          levels.push({ sku, location, quantity: Math.max(0, Math.trunc(quantity)), updatedAt: null });
        }
        return levels;
      },
    },
  };

  async function getJsonWithQuery(template: string, values: Record<string, string>) {
    return getJson(withQuery(template, values));
  }
}

/** Applies the configured field mapping (target path ← source path); no mapping means pass-through. */
export function mapOrder(raw: unknown, config: Pick<HttpConnectorConfig, "mapping">): unknown {
  const { mapping } = config;
  const base: Record<string, unknown> =
    Object.keys(mapping.order).length === 0
      ? { ...(raw as Record<string, unknown>) }
      : Object.fromEntries([]);
  for (const [target, source] of Object.entries(mapping.order)) setPath(base, target, getPath(raw, source));
  const mapEach = (list: unknown, fields: Record<string, string>) =>
    Array.isArray(list) && Object.keys(fields).length > 0
      ? list.map((item) => {
          const out: Record<string, unknown> = {};
          for (const [target, source] of Object.entries(fields)) setPath(out, target, getPath(item, source));
          return out;
        })
      : list;
  base.lines = mapEach(base.lines, mapping.line);
  if (base.fulfilments !== undefined) base.fulfilments = mapEach(base.fulfilments, mapping.fulfilment);
  if (typeof base.status === "string" && mapping.statuses[base.status]) {
    base.sourceStatus = base.status;
    base.status = mapping.statuses[base.status];
  }
  return base;
}
