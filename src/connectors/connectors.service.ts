import { randomBytes } from "node:crypto";
import type { Clock } from "../core/clock";
import type { Db } from "../db/client";
import { createBuiltinConnector, type BuiltinConnector } from "./builtin/builtin.connector";
import { httpNotConfigured } from "./connectors.errors";
import { connectorsRepository } from "./connectors.repository";
import { httpConnectorConfigSchema, type HttpConnectorConfig, type HttpConnectorConfigInput } from "./http/http.config";
import { createHttpConnector, type HttpConnector } from "./http/http.connector";
import { contentHash } from "./lib/content-hash";
import type { OrderActionTarget } from "./order-actions";

export type ConnectorKind = "builtin" | "http";

/** What tools read through: orders and inventory from the configured system, the rest built-in. */
export type WorkspaceConnectors = BuiltinConnector & {
  kind: ConnectorKind;
  /** The retailer's order system, for actions on orders Throughline does not hold (HTTP connector). */
  actions?: OrderActionTarget;
};

export type ConnectorSettingsView = {
  kind: ConnectorKind;
  http: (Omit<HttpConnectorConfig, "authHeader"> & { authHeader?: { name: string; value: "[set]" } }) | null;
  webhookSecretSet: boolean;
  webhookSecretCreatedAt: Date | null;
  /** Until then the secret before the last rotation is still accepted. */
  previousWebhookSecretExpiresAt: Date | null;
  shopifyWebhookSecretSet: boolean;
  updatedAt: Date | null;
};

export type ConnectorsService = ReturnType<typeof createConnectorsService>;

export function createConnectorsService(deps: { db: Db; clock: Clock }) {
  const builtin = createBuiltinConnector({ db: deps.db });
  // One HTTP connector per workspace and configuration, so breaker state survives between calls.
  const httpConnectors = new Map<string, { hash: string; connector: HttpConnector }>();

  const httpFor = (workspaceId: string, config: HttpConnectorConfig): HttpConnector => {
    const hash = contentHash(config);
    const cached = httpConnectors.get(workspaceId);
    if (cached && cached.hash === hash) return cached.connector;
    const connector = createHttpConnector(config);
    httpConnectors.set(workspaceId, { hash, connector });
    return connector;
  };

  const view = (row: Awaited<ReturnType<ReturnType<typeof connectorsRepository>["getSettings"]>>): ConnectorSettingsView => {
    const http = row?.http ?? null;
    return {
      kind: row?.kind ?? "builtin",
      http: http
        ? { ...http, authHeader: http.authHeader ? { name: http.authHeader.name, value: "[set]" } : undefined }
        : null,
      webhookSecretSet: Boolean(row?.webhookSecret),
      webhookSecretCreatedAt: row?.webhookSecretCreatedAt ?? null,
      previousWebhookSecretExpiresAt:
        row?.previousWebhookSecretExpiresAt && row.previousWebhookSecretExpiresAt > deps.clock.now()
          ? row.previousWebhookSecretExpiresAt
          : null,
      shopifyWebhookSecretSet: Boolean(row?.shopifyWebhookSecret),
      updatedAt: row?.updatedAt ?? null,
    };
  };

  return {
    builtin,

    async forWorkspace(workspaceId: string): Promise<WorkspaceConnectors> {
      const settings = await connectorsRepository(deps.db).getSettings(workspaceId);
      if (settings?.kind === "http" && settings.http) {
        const http = httpFor(workspaceId, settings.http);
        return { ...builtin, orders: http.orders, inventory: http.inventory, actions: http.actions, kind: "http" };
      }
      return { ...builtin, kind: "builtin" };
    },

    async settings(workspaceId: string): Promise<ConnectorSettingsView> {
      return view(await connectorsRepository(deps.db).getSettings(workspaceId));
    },

    async updateSettings(
      workspaceId: string,
      input: { kind: ConnectorKind; http?: HttpConnectorConfigInput | null },
    ): Promise<ConnectorSettingsView> {
      const repo = connectorsRepository(deps.db);
      const current = await repo.getSettings(workspaceId);
      let http = input.http === undefined ? (current?.http ?? null) : input.http;
      if (http) {
        // Keep the stored credential when the caller sends back the masked value it was shown.
        const parsed = httpConnectorConfigSchema.parse(
          http.authHeader?.value === "[set]" && current?.http?.authHeader
            ? { ...http, authHeader: current.http.authHeader }
            : http,
        );
        http = parsed;
      }
      if (input.kind === "http" && !http) throw httpNotConfigured();
      const row = await repo.saveSettings(
        workspaceId,
        { kind: input.kind, http: http as HttpConnectorConfig | null },
        deps.clock.now(),
      );
      httpConnectors.delete(workspaceId);
      return view(row);
    },

    /**
     * Mints a new webhook secret and returns it once. The previous one keeps verifying for
     * `overlapHours` (0 ends it at once, after a leak), so senders can switch without losing events.
     */
    async rotateWebhookSecret(workspaceId: string, overlapHours = 24): Promise<{ secret: string; createdAt: Date; previousValidUntil: Date | null }> {
      const secret = `whsec_${randomBytes(32).toString("base64url")}`;
      const now = deps.clock.now();
      const repo = connectorsRepository(deps.db);
      const current = (await repo.getSettings(workspaceId))?.webhookSecret ?? null;
      const previousValidUntil = current && overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3_600_000) : null;
      await repo.saveSettings(
        workspaceId,
        {
          webhookSecret: secret,
          webhookSecretCreatedAt: now,
          previousWebhookSecret: previousValidUntil ? current : null,
          previousWebhookSecretExpiresAt: previousValidUntil,
        },
        now,
      );
      return { secret, createdAt: now, previousValidUntil };
    },

    /** Stores the Shopify app's client secret that signs its order webhooks (null removes it). */
    async setShopifyWebhookSecret(workspaceId: string, secret: string | null): Promise<ConnectorSettingsView> {
      return view(await connectorsRepository(deps.db).saveSettings(workspaceId, { shopifyWebhookSecret: secret }, deps.clock.now()));
    },

    async webhookSecret(workspaceId: string): Promise<string | null> {
      return (await connectorsRepository(deps.db).getSettings(workspaceId))?.webhookSecret ?? null;
    },
  };
}
