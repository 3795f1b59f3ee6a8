import { createAuthService } from "./auth";
import { createCasesService } from "./cases";
import { createIngest } from "./channels";
import type { Clock } from "./core/clock";
import type { Config } from "./core/config";
import { createEventBus, type EventBus } from "./core/events";
import { createCustomersService } from "./customers";
import type { Database } from "./db/client";
import { createKnowledgePolicySource, createKnowledgeService } from "./knowledge";
import { createAgent, type AgentConfig } from "./agent";
import { createRetailTools } from "./agent/tools";
import {
  createConnectorsService,
  createImportService,
  createOrderActionsService,
  createWebhooksService,
} from "./connectors";
import { createTimelineService } from "./timeline";
import { createWorkspacesService } from "./workspaces";

export type ServiceConfig = Pick<
  Config,
  "SESSION_TTL_HOURS" | "VERIFICATION_TRUST_HOURS" | "CASE_RECENCY_HOURS"
> &
  AgentConfig;

/** Plain wiring in dependency order; the HTTP app and the CLI both start from here. */
export function createServices(deps: {
  database: Database;
  clock: Clock;
  config: ServiceConfig;
  events?: EventBus;
}) {
  const { database, clock, config } = deps;
  const db = database.db;
  const events = deps.events ?? createEventBus();
  const workspaces = createWorkspacesService({
    db,
    defaults: {
      verificationTrustHours: config.VERIFICATION_TRUST_HOURS,
      caseRecencyHours: config.CASE_RECENCY_HOURS,
    },
  });
  const settings = workspaces.settings;
  const timeline = createTimelineService({ db });
  const auth = createAuthService({ db, clock, sessionTtlHours: config.SESSION_TTL_HOURS });
  const cases = createCasesService({ db, timeline, events, clock });
  const customers = createCustomersService({ db, clock, events, timeline, settings });
  const ingest = createIngest({ db, customers, cases, settings, events, clock });
  const knowledge = createKnowledgeService({ db, clock, events });
  // Tools read policy parameters only through this; it reads the knowledge base on every call.
  const policies = createKnowledgePolicySource({ knowledge });
  const connectors = createConnectorsService({ db, clock });
  const orderActions = createOrderActionsService({ db, clock, timeline, events });
  const tools = createRetailTools({ connectors, customers, policies, actions: orderActions });
  const imports = createImportService({ db, clock });
  const retailWebhooks = createWebhooksService({ db, clock, events });
  const agent = createAgent({
    db,
    clock,
    events,
    ingest,
    cases,
    customers,
    timeline,
    knowledge,
    policies,
    connectors,
    tools,
    config,
  });
  return {
    database,
    db,
    clock,
    events,
    workspaces,
    timeline,
    auth,
    cases,
    customers,
    ingest,
    knowledge,
    policies,
    connectors,
    orderActions,
    tools,
    imports,
    retailWebhooks,
    agent,
  };
}

export type Services = ReturnType<typeof createServices>;
