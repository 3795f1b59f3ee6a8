import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import type { CasesService, Case } from "../cases";
import type { Customer, CustomersService, IdentityClaim } from "../customers";
import type { Ingest } from "../channels";
import type { TimelineService } from "../timeline";
import { defaultPolicySource, type PolicySource } from "../policies";
import type { CatalogueItem, NluEngine, StoreItem, Understanding } from "./nlu";
import { sentimentTrend } from "./nlu";
import { agentRepository, type AgentTurnRow } from "./agent.repository";
import type {
  AgentDecision,
  AgentEngineName,
  AgentTools,
  AgentTurn,
  KnowledgeUse,
  MessageContext,
  ToolCallRecord,
  TurnNotes,
  UnderstandingRecord,
} from "./agent.types";
import { runDialogue } from "./dialogue/dialogue-manager";
import {
  initialDialogueState,
  type AgentKnowledge,
  type DialogueState,
  type OrderVerifier,
  type ReplyPlan,
  type TurnContext,
} from "./dialogue/dialogue.types";
import { renderReply } from "./dialogue/lib/render-reply";
import { createToolRunner } from "./agent-tool-runner";
import { recordTurn } from "./agent-turn-recorder";
import type { LlmComposer } from "./llm/llm.types";

export type AgentDirectory = {
  stores(workspaceId: string): Promise<StoreItem[]>;
  catalogue(workspaceId: string): Promise<CatalogueItem[]>;
};

export type AgentDeps = {
  db: Db;
  clock: Clock;
  events: EventBus;
  ingest: Ingest;
  cases: CasesService;
  customers: CustomersService;
  timeline: TimelineService;
  /** Trained once, on first use or at start (`warmUp`). */
  nlu: () => Promise<NluEngine>;
  /** The tool registry; a function so the registry can be wired after the agent. */
  tools: () => AgentTools;
  knowledge?: () => AgentKnowledge | undefined;
  verifier?: () => OrderVerifier | undefined;
  directory?: () => AgentDirectory | undefined;
  policies?: () => PolicySource;
  llm?: LlmComposer;
  /** How long store and catalogue names for entity matching are cached. */
  directoryTtlMs?: number;
};

export type InboundMessage = {
  workspaceId: string;
  channel: string;
  identities: IdentityClaim[];
  displayName?: string | null;
  text: string;
  externalId?: string | null;
  context?: MessageContext;
  occurredAt?: Date;
};

export type TurnResult = {
  turn: AgentTurn;
  case: Case;
  customer: Customer;
  replies: string[];
  duplicate: boolean;
  /** The customer's verification after the turn (a turn can verify them). */
  verified: boolean;
};

const HANDOFF_PENDING =
  "Thanks, I've added this to your conversation. A member of our team has it and will reply here.";

export type AgentService = ReturnType<typeof createAgentService>;

export function createAgentService(deps: AgentDeps) {
  const { clock, events } = deps;
  const cache = new Map<string, { at: number; stores: StoreItem[]; catalogue: CatalogueItem[] }>();
  const ttl = deps.directoryTtlMs ?? 5_000;

  async function gazetteer(workspaceId: string) {
    const directory = deps.directory?.();
    if (!directory) return { stores: [], catalogue: [] };
    const hit = cache.get(workspaceId);
    if (hit && Date.now() - hit.at < ttl) return hit;
    const [stores, catalogue] = await Promise.all([
      directory.stores(workspaceId).catch(() => []),
      directory.catalogue(workspaceId).catch(() => []),
    ]);
    const entry = { at: Date.now(), stores, catalogue };
    cache.set(workspaceId, entry);
    return entry;
  }

  async function verifyByOrder(
    customer: Customer,
    claims: IdentityClaim[],
    orderNumber: string,
    postcode: string,
  ): Promise<boolean> {
    const verifier = deps.verifier?.();
    if (!verifier) return false;
    const owner = await verifier.verifyOrderPostcode(customer.workspaceId, orderNumber, postcode);
    if (!owner) return false;
    const email = owner.email?.toLowerCase();
    const byEmail = email
      ? customer.identities.find((i) => i.kind === "email" && i.value.toLowerCase() === email)
      : undefined;
    // The order must belong to this customer: by its email on their record, or by our customer id.
    if (!byEmail && owner.customerId !== customer.id) return false;
    const claimed = claims.map((c) => c.value.trim().toLowerCase());
    const identity =
      byEmail ??
      customer.identities.find((i) => claimed.includes(i.value.toLowerCase())) ??
      customer.identities[0];
    if (!identity) return false;
    await deps.customers.verifyIdentity(customer.workspaceId, customer.id, identity.id, "order_postcode", "ai");
    return true;
  }

  function toTurn(row: AgentTurnRow): AgentTurn {
    return {
      id: row.id,
      caseId: row.caseId,
      customerId: row.customerId,
      messageId: row.messageId,
      replyMessageId: row.replyMessageId,
      channel: row.channel,
      engine: row.engine as AgentEngineName,
      understanding: row.understanding,
      decision: row.decision as AgentDecision,
      reason: row.reason,
      tools: row.tools,
      knowledge: row.knowledge,
      reply: row.reply,
      escalated: row.escalated,
      notes: row.notes,
      latencyMs: row.latencyMs,
      createdAt: row.createdAt,
    };
  }

  return {
    /** Trains the built-in NLU now rather than on the first message. */
    async warmUp(): Promise<number> {
      return (await deps.nlu()).trainingMs;
    },

    async understand(workspaceId: string, text: string): Promise<Understanding> {
      const [nlu, gaz] = await Promise.all([deps.nlu(), gazetteer(workspaceId)]);
      return nlu.predict(text, { catalogue: gaz.catalogue, stores: gaz.stores, now: clock.now() });
    },

    async turns(workspaceId: string, caseId: string, limit = 200): Promise<AgentTurn[]> {
      await deps.cases.get(workspaceId, caseId);
      return (await agentRepository(deps.db).listTurns(workspaceId, caseId, limit)).map(toTurn);
    },

    /**
     * One turn for an inbound message: ingest (resolve customer, find or open the case, append the
     * message), understand, decide, ground with tools and knowledge, respond in the channel's
     * style, and record the whole turn on the case.
     */
    async handleInbound(input: InboundMessage): Promise<TurnResult> {
      const started = performance.now();
      const context = input.context ?? {};
      const ingested = await deps.ingest.ingest({
        workspaceId: input.workspaceId,
        channel: input.channel,
        identities: input.identities,
        displayName: input.displayName,
        text: input.text,
        externalId: input.externalId,
        occurredAt: input.occurredAt,
        metadata: Object.keys(context).length ? { context } : undefined,
      });
      const repo = agentRepository(deps.db);
      const { customer, message } = ingested;
      const workspaceId = input.workspaceId;
      if (ingested.duplicate) {
        const earlier = await repo.findTurnByMessage(workspaceId, message.id);
        if (earlier) {
          return {
            turn: toTurn(earlier),
            case: ingested.case,
            customer,
            replies: [earlier.reply],
            duplicate: true,
            verified: customer.verification.level === "verified",
          };
        }
      }

      const timings: Record<string, number> = { ingest: ms(started) };
      const now = clock.now();
      const tUnderstand = performance.now();
      const [nlu, gaz, saved] = await Promise.all([
        deps.nlu(),
        gazetteer(workspaceId),
        repo.loadState(workspaceId, ingested.case.id),
      ]);
      const understanding = nlu.predict(input.text, { catalogue: gaz.catalogue, stores: gaz.stores, now });
      const state: DialogueState = saved ? structuredClone(saved) : initialDialogueState();
      timings.understand = ms(tUnderstand);
      const tDialogue = performance.now();
      const tools = deps.tools();
      const toolCalls: ToolCallRecord[] = [];
      const knowledgeUsed: KnowledgeUse[] = [];
      const policies = deps.policies?.() ?? defaultPolicySource;

      const ctx: TurnContext = {
        workspaceId,
        caseId: ingested.case.id,
        channel: input.channel,
        customer,
        verified: customer.verification.level === "verified",
        text: input.text,
        understanding,
        resolved: {},
        context,
        state,
        now,
        policies,
        toolCalls,
        knowledgeUsed,
        hasTool: (name) => Boolean(tools[name]),
        call: createToolRunner({
          tools,
          workspaceId,
          customerId: customer.id,
          caseId: ingested.case.id,
          channel: input.channel,
          messageId: message.id,
          now,
          isVerified: () => ctx.verified,
          record: toolCalls,
        }),
        async searchKnowledge(query, kinds) {
          const knowledge = deps.knowledge?.();
          if (!knowledge) return [];
          const passages = await knowledge.search(workspaceId, query, { kinds, at: now, limit: 3 }).catch(() => []);
          for (const p of passages) {
            if (!knowledgeUsed.some((k) => k.entryId === p.entryId && k.version === p.version)) {
              knowledgeUsed.push({ entryId: p.entryId, version: p.version, title: p.title });
            }
          }
          return passages;
        },
        verifyByOrder: (orderNumber, postcode) => verifyByOrder(customer, input.identities, orderNumber, postcode),
      };

      let plan: ReplyPlan;
      let intent = understanding.intent;
      let resolved: Record<string, string> = {};
      let trend = sentimentTrend([...state.sentiment, understanding.sentiment.score]);
      const notes: TurnNotes = {};
      if (ingested.case.status === "escalated") {
        state.sentiment = [...state.sentiment, understanding.sentiment.score].slice(-10);
        plan = { decision: "handoff_pending", reason: "case_with_team", lines: [{ text: HANDOFF_PENDING }], facts: [] };
      } else {
        const outcome = await runDialogue(ctx);
        plan = outcome.plan;
        intent = outcome.intent;
        resolved = outcome.refs.resolved;
        trend = outcome.trend;
        if (outcome.injectionSuspected) notes.injectionSuspected = true;
      }
      timings.dialogue = ms(tDialogue);
      // Knowledge passages the reply did not use are not recorded as used.
      const usedKnowledge = knowledgeUsed.filter((k) =>
        plan.facts.some((f) => f === k.title) || plan.reason === "return_policy_answered",
      );

      let engine: AgentEngineName = "builtin";
      let reply = renderReply(plan.lines, input.channel);
      if (deps.llm && deps.llm.handles(plan.decision)) {
        const t0 = performance.now();
        try {
          const history = await deps.cases.messages(workspaceId, ingested.case.id, 20);
          const composed = await deps.llm.compose({
            workspaceId,
            channel: input.channel,
            text: input.text,
            history: history.slice(-12).map((m) => ({ role: m.authorKind === "customer" ? "user" : "assistant", text: m.body })),
            draft: reply,
            plan,
            toolCalls,
            call: ctx.call,
            tools,
            verified: ctx.verified,
          });
          reply = composed.text;
          engine = "llm";
          notes.llm = { attempted: true, used: true, ms: Math.round(performance.now() - t0) };
        } catch (error) {
          notes.llm = {
            attempted: true,
            used: false,
            fallbackReason: error instanceof Error ? error.message.slice(0, 200) : "failed",
            ms: Math.round(performance.now() - t0),
          };
        }
      }

      if (notes.llm) timings.model = notes.llm.ms ?? 0;
      notes.timings = timings;
      const understandingRecord: UnderstandingRecord = {
        intent,
        confidence: understanding.confidence,
        ...(intent !== understanding.intent ? {} : understanding.secondary ? { secondary: understanding.secondary } : {}),
        entities: understanding.entities.map((e) => ({ type: e.type, value: e.value, text: e.text })),
        sentiment: understanding.sentiment,
        sentimentTrend: trend,
        resolved: intent !== understanding.intent ? { ...resolved, classifiedAs: understanding.intent } : resolved,
      };
      const escalated = Boolean(plan.escalate);
      const turnId = newId("turn", now.getTime());
      const at = new Date(Math.max(now.getTime(), message.createdAt.getTime() + 1));
      const row = await recordTurn(
        deps,
        {
          id: turnId,
          workspaceId,
          caseId: ingested.case.id,
          customerId: customer.id,
          messageId: message.id,
          channel: input.channel,
          engine,
          intent,
          understanding: understandingRecord,
          decision: plan.decision,
          reason: plan.escalate?.reason ?? plan.reason,
          tools: toolCalls,
          knowledge: usedKnowledge,
          reply,
          escalated,
          notes,
          at,
          started,
        },
        state,
      );

      let currentCase = ingested.case;
      if (plan.escalate && currentCase.status !== "escalated") {
        const priority = maxPriority(currentCase.priority, plan.escalate.priority);
        currentCase = await deps.cases.update(
          workspaceId,
          currentCase.id,
          { status: "escalated", priority, ...(currentCase.intent ? {} : { intent }) },
          "ai",
        );
        events.emit({
          name: "case.escalated",
          workspaceId,
          occurredAt: at,
          payload: { caseId: currentCase.id, reason: plan.escalate.reason, turnId, priority },
        });
      }
      events.emit({
        name: "agent.replied",
        workspaceId,
        occurredAt: at,
        payload: { caseId: currentCase.id, turnId, decision: plan.decision, engine, messageId: row.replyMessageId },
      });
      return { turn: toTurn(row), case: currentCase, customer, replies: [reply], duplicate: false, verified: ctx.verified };
    },
  };
}

const ms = (since: number) => Math.round((performance.now() - since) * 100) / 100;

const PRIORITY_ORDER = ["low", "normal", "high", "urgent"] as const;
function maxPriority(a: Case["priority"], b: Case["priority"]): Case["priority"] {
  return PRIORITY_ORDER.indexOf(a) >= PRIORITY_ORDER.indexOf(b) ? a : b;
}
