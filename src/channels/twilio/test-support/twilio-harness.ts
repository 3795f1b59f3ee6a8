import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { createTestDatabase, createWorkspace, TEST_CONFIG, TEST_LIMITS, type WorkspaceFixture } from "../../../../test/helpers";
import { systemClock } from "../../../core/clock";
import type { Logger } from "../../../core/logger";
import type { Database } from "../../../db/client";
import { buildApp } from "../../../http/app";
import { lazyNlu } from "../../../agent";
import { createServices, type Services } from "../../../services";
import type { ServiceConfig } from "../../../services";
import { newSid, startTwilioApiServer, type TwilioApiServer } from "./twilio-api-server";

export type TwilioWorkspace = WorkspaceFixture & { accountSid: string; authToken: string; base: string };

export type Harness = {
  database: Database;
  services: Services;
  app: FastifyInstance;
  /** http://127.0.0.1:<port> of the listening app. */
  origin: string;
  api: TwilioApiServer;
  /** A new workspace with a Twilio account set through the admin API. */
  workspace(transfer?: Record<string, string>): Promise<TwilioWorkspace>;
  /** Builds a second app over the same database, as a restarted server would be. */
  restart(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The real app listening on a local port over a real database, its SMS replies going to a local
 * server that speaks the provider's REST protocol.
 */
export async function openTwilioHarness(options: { config?: Partial<ServiceConfig>; logger?: Logger } = {}): Promise<Harness> {
  const tokens = new Map<string, string>();
  const api = await startTwilioApiServer(() => tokens);
  const database = await createTestDatabase();
  const config = { ...TEST_CONFIG, TWILIO_API_BASE_URL: api.url, ...options.config };

  // Trained once for the harness: a restarted app reuses it rather than training again.
  const nlu = lazyNlu();
  const start = async () => {
    const services = createServices({
      database,
      clock: systemClock,
      config,
      nlu,
      logger: options.logger,
      // Retries within a test's patience; production backs off over minutes.
      outbox: { pollMs: 100, backoff: { baseMs: 200, maxMs: 1_000 } },
    });
    const app = await buildApp({ services, logger: options.logger ?? false, limits: TEST_LIMITS });
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    // As server.ts does: the outbox worker runs beside the listening app.
    services.outbox.start();
    return { services, app, origin: address };
  };
  let running = await start();

  const harness: Harness = {
    database,
    api,
    get services() {
      return running.services;
    },
    get app() {
      return running.app;
    },
    get origin() {
      return running.origin;
    },
    async workspace(transfer) {
      const ws = await createWorkspace(running.services, "Northwind Outfitters");
      const accountSid = newSid("AC");
      const authToken = randomBytes(16).toString("hex");
      tokens.set(accountSid, authToken);
      const response = await running.app.inject({
        method: "PUT",
        url: "/api/v1/workspace/channels/twilio",
        headers: ws.headers,
        payload: { accountSid, authToken, phoneNumbers: ["+14155550100"], ...(transfer ? { transfer } : {}) },
      });
      expect(response.statusCode, response.body).toBe(200);
      return { ...ws, accountSid, authToken, base: `${running.origin}/api/v1/channels/twilio/${ws.slug}` };
    },
    async restart() {
      await running.services.outbox.stop();
      await running.app.close();
      running = await start();
    },
    async close() {
      await running.services.outbox.stop();
      await running.app.close();
      await database.close();
      await api.close();
    },
  };
  return harness;
}
