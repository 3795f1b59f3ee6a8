import { createAuthService } from "./auth";
import { createCasesService } from "./cases";
import { createIngest } from "./channels";
import {
  createEmailChannel,
  DEFAULT_EMAIL_SETTINGS,
  emailCodeDelivery,
  registerEmailCodeSender,
  type EmailSettings,
} from "./channels/email";
import type { Clock } from "./core/clock";
import type { Config } from "./core/config";
import { createEventBus, type EventBus } from "./core/events";
import {
  createCustomersService,
  createOneTimeCodes,
  createVerificationLimits,
  EmailCodeSender,
  SmsCodeSender,
  verificationDeliveryQueue,
} from "./customers";
import type { Database } from "./db/client";
import { createKnowledgePolicySource, createKnowledgeService } from "./knowledge";
import { createAgent, summaryWordingFromConfig, type AgentConfig, type NluEngine } from "./agent";
import { createRetailTools } from "./agent/tools";
import {
  createConnectorsService,
  createImportService,
  createOrderActionsService,
  createWebhooksService,
} from "./connectors";
import { createOutbox, type OutboxSettings } from "./outbox";
import type { Logger } from "./core/logger";
import { createStoreDesk } from "./store";
import { createTimelineService } from "./timeline";
import { createSmsChannel, type SmsChannel } from "./channels/sms/sms.adapter";
import { smsCodeDelivery } from "./channels/sms/sms-code-delivery";
import { createTwilioAccountsService } from "./channels/twilio/twilio-accounts.service";
import { TwilioMessagesProvider } from "./channels/twilio/twilio-messages.adapter";
import type { SmsProvider } from "./channels/twilio/sms-provider";
import { createVoiceChannel } from "./channels/voice/voice.service";
import { createOutboundWebhooks } from "./webhooks-out";
import { createWidgetKeysService, createWorkspacesService } from "./workspaces";
import { createProvisioningService } from "./workspaces";
import { createRetailDeletion } from "./connectors";
import { createErasureService } from "./privacy";
import { createInProcessFanout, createRealtimeService, type RealtimeFanout } from "./realtime";
import { createWebChatChannel } from "./channels/web-chat";
import { createMobileChannel, createMobilePush, type MobilePush, type PushProvider } from "./channels/mobile";
import { createRoutingService } from "./routing";
import { createHandoffService, type HandoffService, type SummaryWording } from "./handoff";
import { INBOX_EVENTS } from "./realtime/inbox-events";

export type ServiceConfig = Pick<
  Config,
  "SESSION_TTL_HOURS" | "VERIFICATION_TRUST_HOURS" | "CASE_RECENCY_HOURS"
> &
  Partial<Pick<Config, "TWILIO_API_BASE_URL">> &
  AgentConfig;

/** Plain wiring in dependency order; the HTTP app and the CLI both start from here. */
export function createServices(deps: {
  database: Database;
  clock: Clock;
  config: ServiceConfig;
  events?: EventBus;
  /** A trained NLU to share between service sets (simulations, tests); trained on first use otherwise. */
  nlu?: () => Promise<NluEngine>;
  /** Sends SMS and WhatsApp replies; Twilio's Messages API at TWILIO_API_BASE_URL when absent. */
  smsProvider?: SmsProvider;
  logger?: Logger;
  /** Outbox worker tuning; defaults suit production (tests shorten the back-off). */
  outbox?: Partial<OutboxSettings>;
  /** Realtime fan-out across nodes (PostgreSQL LISTEN/NOTIFY); in-process when absent. */
  fanout?: RealtimeFanout;
  /** The email channel's addresses and limits (SMTP_* at boot); defaults otherwise. */
  email?: EmailSettings;
  /** A language model that words handoff summaries under the fact check; the built-in wording otherwise. */
  summaryWording?: SummaryWording;
  /** Push notifications for the mobile app (FCM); without it replies wait in the conversation. */
  pushProvider?: PushProvider;
}) {
  const { database, clock, config } = deps;
  const db = database.db;
  const events = deps.events ?? createEventBus();
  const outbox = createOutbox({ db, clock, logger: deps.logger, settings: deps.outbox });
  const webhooksOut = createOutboundWebhooks({ db, clock, outbox, events, logger: deps.logger });
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
  // The handoff service needs the agent's record and the agent needs the handoff desk: bound late.
  const late: { handoff?: HandoffService; sms?: SmsChannel; push?: MobilePush } = {};
  const cases = createCasesService({
    db,
    timeline,
    events,
    clock,
    assignees: auth,
    lifecycle: () => late.handoff?.lifecycle,
    replyDelivery: () => late.sms?.queueStaffReply,
  });
  const customers = createCustomersService({ db, clock, events, timeline, settings });
  const ingest = createIngest({ db, customers, cases, settings, events, clock });
  // Codes are queued in the code's own transaction; the mail and SMS drivers carry them.
  const codeQueue = emailCodeDelivery(smsCodeDelivery(verificationDeliveryQueue(clock), outbox), outbox);
  const oneTimeCodes = createOneTimeCodes({
    db,
    clock,
    senders: { email: new EmailCodeSender(codeQueue), sms: new SmsCodeSender(codeQueue) },
  });
  const verificationLimits = createVerificationLimits({ db, clock });
  const knowledge = createKnowledgeService({ db, clock, events });
  // Tools read policy parameters only through this; it reads the knowledge base on every call.
  const policies = createKnowledgePolicySource({ knowledge });
  const connectors = createConnectorsService({ db, clock });
  const orderActions = createOrderActionsService({
    db,
    clock,
    timeline,
    events,
    publish: webhooksOut.publish,
  });
  const tools = createRetailTools({ connectors, customers, policies, actions: orderActions });
  const imports = createImportService({ db, clock });
  const retailWebhooks = createWebhooksService({ db, clock, events });
  const store = createStoreDesk({ customers, cases, connectors, timeline, events, clock });
  const routing = createRoutingService({
    db,
    clock,
    events,
    cases,
    customers,
    staff: auth,
    defaultTimezone: async (workspaceId) => (await settings.get(workspaceId)).timezone,
  });
  const agent = createAgent({
    desk: () => late.handoff?.desk,
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
    settings,
    nlu: deps.nlu,
    codes: oneTimeCodes,
    limits: verificationLimits,
  });
  const widgetKeys = createWidgetKeysService({ db });
  const realtime = createRealtimeService({
    db,
    clock,
    events,
    fanout: deps.fanout ?? createInProcessFanout(),
    ingest,
    agent,
    cases,
    customers,
    auth,
    workspaces,
    widgetKeys,
    channels: [createWebChatChannel(), createMobileChannel()],
    offlineReply: () => late.push?.queue,
  });
  if (deps.pushProvider) {
    late.push = createMobilePush({ db, outbox, provider: deps.pushProvider, realtime, logger: deps.logger });
  }
  // A call handed to a person pops up on the staff's realtime connections, whichever node took it.
  events.on("call.transferred", (event) => {
    void realtime
      .publishToStaff(event.workspaceId, { type: "call.transferred", ...event.payload })
      .catch(() => undefined);
  });
  // The agent workspace's inbox follows cases live: ids and the kind of change only, never content.
  for (const name of INBOX_EVENTS) {
    events.on(name, (event) => {
      const caseId = event.payload.caseId;
      if (typeof caseId !== "string") return;
      void realtime
        .publishToStaff(event.workspaceId, { type: "case.changed", caseId, change: name })
        .catch(() => undefined);
    });
  }
  const email = createEmailChannel({
    db,
    clock,
    events,
    settings: deps.email ?? DEFAULT_EMAIL_SETTINGS,
    workspaces,
    cases,
    customers,
    staff: auth,
    agent,
    ingest,
  });
  registerEmailCodeSender(outbox, email.outbound);
  const twilioAccounts = createTwilioAccountsService({ db, clock });
  const sms = (late.sms = createSmsChannel({
    db,
    clock,
    agent,
    outbox,
    logger: deps.logger,
    accounts: twilioAccounts,
    provider:
      deps.smsProvider ?? new TwilioMessagesProvider(config.TWILIO_API_BASE_URL ?? "https://api.twilio.com"),
  }));
  const voice = createVoiceChannel({
    db,
    clock,
    events,
    ingest,
    agent,
    cases,
    customers,
    logger: deps.logger,
  });
  const handoff = (late.handoff = createHandoffService({
    db,
    clock,
    events,
    cases,
    customers,
    timeline,
    routing,
    turns: (workspaceId, caseId) => agent.turns(workspaceId, caseId, 200),
    wording: deps.summaryWording ?? summaryWordingFromConfig(config),
  }));
  const provisioning = createProvisioningService({ workspaces, auth });
  const retailDeletion = createRetailDeletion({ db });
  const erasure = createErasureService({ db, clock });
  return {
    provisioning,
    retailDeletion,
    erasure,
    database,
    db,
    clock,
    events,
    outbox,
    webhooksOut,
    workspaces,
    timeline,
    auth,
    cases,
    customers,
    oneTimeCodes,
    verificationLimits,
    ingest,
    knowledge,
    policies,
    connectors,
    orderActions,
    tools,
    imports,
    retailWebhooks,
    store,
    agent,
    widgetKeys,
    realtime,
    email,
    twilioAccounts,
    sms,
    voice,
    routing,
    handoff,
  };
}

export type Services = ReturnType<typeof createServices>;
