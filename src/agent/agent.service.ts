import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { newId } from "../core/ids";
import { cursorSeq, decodeCursor, encodeCursor } from "../core/keyset-cursor";
import type { Db } from "../db/client";
import type { CasesService, Case, Message } from "../cases";
import {
  contactVerification,
  type Customer,
  type CustomersService,
  type IdentityClaim,
  type OneTimeCodes,
  type VerificationLimits,
} from "../customers";
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
  EscalationDesk,
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
import { forgetProvenContext } from "./lib/forget-proven-context";
import { restoreHeldContext } from "./lib/restore-held-context";
import { createContactProof, type ProvingContact } from "./contact-proof";
import { recordTurn } from "./agent-turn-recorder";
import type { LlmComposer } from "./llm/llm.types";
import type { WorkspaceSettingsReader } from "../workspaces";

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
  /** The workspace's phone region, for redacting local numbers before text reaches a model. */
  settings?: WorkspaceSettingsReader;
  /** How long store and catalogue names for entity matching are cached. */
  directoryTtlMs?: number;
  /** One-time codes to the email or phone on file; without them the agent offers none. */
  codes?: OneTimeCodes;
  /** Persisted counters of failed proofs (per identity, per order). */
  limits?: VerificationLimits;
  /** The team's queue and handoff summary; without it an escalated case only gets an acknowledgement. */
  desk?: () => EscalationDesk | undefined;
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
  /** A channel that knows the case (an email reply in a thread) names it; ingest checks it is the sender's. */
  caseId?: string | null;
  subject?: string | null;
  /** Channel details kept with the message (an email's headers and HTML part). */
  metadata?: Record<string, unknown>;
};

export type TurnResult = {
  turn: AgentTurn;
  case: Case;
  customer: Customer;
  replies: string[];
  duplicate: boolean;
  /** This contact's verification after the turn (a turn can verify it); never the record's. */
  verified: boolean;
};

const HANDOFF_PENDING =
  "Thanks, I've added this to your conversation. A member of our team has it and will reply here.";
const ADDED_FOR_TEAM = "Thanks, I've added this to your conversation for our team.";

/**
 * Questions the AI answers in full on its own, so a customer waiting for a person still gets
 * them: store hours and places, stock and products, promotions, policy, and — for a verified
 * customer — where an order is. Anything that acts, asks for proof or needs judgement waits.
 */
const ANSWERABLE_WHILE_WAITING = new Set([
  "store_hours",
  "store_location",
  "product_availability",
  "product_info",
  "promotions",
  "return_policy",
  "payment_methods",
  "order_status",
  "delivery_window",
  "refund_status",
]);

export type AgentService = ReturnType<typeof createAgentService>;

export function createAgentService(deps: AgentDeps) {
  const { clock, events } = deps;
  const cache = new Map<string, { at: number; stores: StoreItem[]; catalogue: CatalogueItem[] }>();
  const ttl = deps.directoryTtlMs ?? 5_000;
  const proof = createContactProof(deps);

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

    /** One page of a case's turns, oldest first, with the cursor of the next page. */
    async turnPage(
      workspaceId: string,
      caseId: string,
      options: { cursor?: string; limit: number },
    ): Promise<{ turns: AgentTurn[]; nextCursor: string | null }> {
      await deps.cases.get(workspaceId, caseId);
      const afterSeq = options.cursor
        ? cursorSeq(decodeCursor(options.cursor, 1, TURN_CURSOR_INVALID)[0] ?? "", TURN_CURSOR_INVALID)
        : undefined;
      const rows = await agentRepository(deps.db).listTurns(workspaceId, caseId, options.limit + 1, afterSeq);
      const page = rows.slice(0, options.limit);
      const last = page.at(-1);
      return {
        turns: page.map(toTurn),
        nextCursor: rows.length > options.limit && last ? encodeCursor([last.seq]) : null,
      };
    },

    /**
     * One turn for an inbound message: ingest (resolve customer, find or open the case, append the
     * message), understand, decide, ground with tools and knowledge, respond in the channel's
     * style, and record the whole turn on the case.
     */
    async handleInbound(input: InboundMessage, options: { stored?: Message } = {}): Promise<TurnResult> {
      const started = performance.now();
      const context = input.context ?? {};
      // A channel that stored the message itself (to acknowledge it) hands it over: read, not re-ingested.
      const ingested = options.stored
        ? await deps.ingest.stored(input.workspaceId, options.stored, input.identities)
        : await deps.ingest.ingest({
            workspaceId: input.workspaceId,
            channel: input.channel,
            identities: input.identities,
            displayName: input.displayName,
            text: input.text,
            externalId: input.externalId,
            occurredAt: input.occurredAt,
            caseId: input.caseId,
            subject: input.subject,
            metadata:
              input.metadata || Object.keys(context).length
                ? { ...input.metadata, ...(Object.keys(context).length ? { context } : {}) }
                : undefined,
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
            // A draft for the team was never sent, so a retry gets nothing to show either.
            replies: earlier.replyMessageId ? [earlier.reply] : [],
            duplicate: true,
            verified: ingested.contact.level === "verified",
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
      let state: DialogueState = saved ? structuredClone(saved) : initialDialogueState();
      const contact = contactVerification({
        presented: ingested.presented,
        proofs: customer.verification.identities,
        conversation: state.proof,
        now,
      });
      if (contact.level !== "verified" && state.proof) state = forgetProvenContext(state);
      if (contact.level === "verified") restoreHeldContext(state);
      const proving: ProvingContact = {
        customer,
        presented: ingested.presented,
        state,
        caseId: ingested.case.id,
        caseCreatedAt: ingested.case.createdAt,
        channel: input.channel,
      };
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
        verified: contact.level === "verified",
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
          const passages = await knowledge
            .search(workspaceId, query, { kinds, at: now, limit: 3 })
            .catch(() => []);
          for (const p of passages) {
            if (!knowledgeUsed.some((k) => k.entryId === p.entryId && k.version === p.version)) {
              knowledgeUsed.push({ entryId: p.entryId, version: p.version, title: p.title });
            }
          }
          return passages;
        },
        async verifyByOrder(orderNumber, postcode) {
          const outcome = await proof.verifyByOrder(proving, orderNumber, postcode);
          // Linking a guest makes the turn run as the order's customer, in the case it continues in.
          ctx.customer = proving.customer;
          ctx.caseId = proving.caseId;
          return outcome;
        },
        codes: deps.codes
          ? {
              target: proof.codeTarget(proving),
              send: () => proof.sendCode(proving),
              async check(code) {
                const checked = await proof.checkCode(proving, code);
                ctx.customer = proving.customer;
                return checked.status === "valid" ? { status: "valid" } : checked;
              },
            }
          : undefined,
      };

      let plan: ReplyPlan;
      let intent = understanding.intent;
      let resolved: Record<string, string> = {};
      let trend = sentimentTrend([...state.sentiment, understanding.sentiment.score]);
      const notes: TurnNotes = {};
      const desk = deps.desk?.();
      /** Set when a person holds the case: the reply becomes their draft and is not sent. */
      let draftOnly = false;
      if (ingested.case.status === "escalated" && desk) {
        const standing = await desk.standing(workspaceId, ingested.case.id, input.channel);
        // The conversation is with the team: a "yes" now never confirms an action offered before the handover.
        const sandbox: DialogueState = { ...structuredClone(state), pending: undefined };
        const outcome = await runDialogue({ ...ctx, state: sandbox });
        intent = outcome.intent;
        resolved = outcome.refs.resolved;
        trend = outcome.trend;
        const answerable =
          outcome.plan.decision === "answer" &&
          !outcome.plan.escalate &&
          !outcome.plan.failed &&
          ANSWERABLE_WHILE_WAITING.has(outcome.intent);
        if (standing.withPerson) {
          draftOnly = true;
          state.sentiment = sandbox.sentiment;
          plan = {
            ...outcome.plan,
            decision: "draft_for_agent",
            reason: `draft:${outcome.plan.reason}`,
            escalate: undefined,
          };
        } else if (answerable) {
          state = { ...sandbox, pending: undefined };
          notes.answeredWhileWaiting = true;
          plan = {
            ...outcome.plan,
            lines: [
              ...outcome.plan.lines,
              ...(standing.notice
                ? [{ text: `Your conversation is still with our team. ${standing.notice}` }]
                : []),
            ],
          };
        } else {
          state.sentiment = sandbox.sentiment;
          plan = {
            decision: "handoff_pending",
            reason: "case_waiting",
            lines: [{ text: ADDED_FOR_TEAM }, ...(standing.notice ? [{ text: standing.notice }] : [])],
            facts: [],
          };
        }
      } else if (ingested.case.status === "escalated") {
        state.sentiment = [...state.sentiment, understanding.sentiment.score].slice(-10);
        plan = {
          decision: "handoff_pending",
          reason: "case_with_team",
          lines: [{ text: HANDOFF_PENDING }],
          facts: [],
        };
      } else {
        const outcome = await runDialogue(ctx);
        plan = outcome.plan;
        intent = outcome.intent;
        resolved = outcome.refs.resolved;
        trend = outcome.trend;
        if (outcome.injectionSuspected) notes.injectionSuspected = true;
      }
      if (contact.via?.kind === "identity" && contact.verifiedAt && contact.trustedUntil && !state.proof) {
        // The turn may have read the customer's data back: later contacts without this proof must not.
        state.proof = {
          method: contact.method ?? "identity",
          at: contact.verifiedAt.toISOString(),
          until: contact.trustedUntil.toISOString(),
          identityIds: [contact.via.identityId],
        };
      }
      timings.dialogue = ms(tDialogue);
      // Knowledge passages the reply did not use are not recorded as used.
      const usedKnowledge = knowledgeUsed.filter(
        (k) => plan.facts.some((f) => f === k.title) || plan.reason === "return_policy_answered",
      );

      let engine: AgentEngineName = "builtin";
      let reply = renderReply(plan.lines, input.channel);
      if (deps.llm && !draftOnly && deps.llm.handles(plan.decision)) {
        const t0 = performance.now();
        try {
          const history = await deps.cases.messages(workspaceId, proving.caseId, 20);
          const composed = await deps.llm.compose({
            workspaceId,
            channel: input.channel,
            text: input.text,
            history: history
              .slice(-12)
              .map((m) => ({ role: m.authorKind === "customer" ? "user" : "assistant", text: m.body })),
            draft: reply,
            plan,
            toolCalls,
            call: ctx.call,
            tools,
            verified: ctx.verified,
            defaultRegion: (await deps.settings?.get(workspaceId))?.defaultRegion,
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
      notes.contactVerified = ctx.verified;
      const understandingRecord: UnderstandingRecord = {
        intent,
        confidence: understanding.confidence,
        ...(intent !== understanding.intent
          ? {}
          : understanding.secondary
            ? { secondary: understanding.secondary }
            : {}),
        entities: understanding.entities.map((e) => ({ type: e.type, value: e.value, text: e.text })),
        sentiment: understanding.sentiment,
        sentimentTrend: trend,
        resolved:
          intent !== understanding.intent ? { ...resolved, classifiedAs: understanding.intent } : resolved,
      };
      const escalated = Boolean(plan.escalate);
      const turnId = newId("turn", now.getTime());
      const at = new Date(Math.max(now.getTime(), message.createdAt.getTime() + 1));
      const row = await recordTurn(
        deps,
        {
          id: turnId,
          workspaceId,
          caseId: proving.caseId,
          customerId: proving.customer.id,
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
          send: !draftOnly,
        },
        state,
      );

      const linked = proving.caseId !== ingested.case.id || proving.customer.id !== customer.id;
      let currentCase = linked ? await deps.cases.get(workspaceId, proving.caseId) : ingested.case;
      // Only a reference read as an order for certain: a bare number ("I live at 40299") may be anything.
      const namedOrders = [
        ...new Set(
          understanding.entities
            .filter((e) => e.type === "order_number" && (e.confidence ?? 1) >= 0.9)
            .map((e) => e.value),
        ),
      ];
      if (!currentCase.orderRef && namedOrders.length === 1 && namedOrders[0]) {
        // The order the customer wrote about labels the case (as the REST channel's orderRef does), so a
        // later proof of that order on another channel finds this case to continue in.
        currentCase = await deps.cases.update(
          workspaceId,
          currentCase.id,
          { orderRef: namedOrders[0] },
          "ai",
        );
      }
      const replies = draftOnly ? [] : [reply];
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
        if (desk) {
          const handed = await desk.escalated({
            workspaceId,
            caseId: currentCase.id,
            reason: plan.escalate.reason,
            sentiment: understanding.sentiment.score,
            frustration: understanding.sentiment.frustration,
          });
          if (handed.notice) {
            // Where the case stands, as a message of its own: the queue decides it after the reply is written.
            await deps.cases.appendMessage(deps.db, {
              workspaceId,
              caseId: currentCase.id,
              customerId: customer.id,
              direction: "outbound",
              authorKind: "ai",
              authorId: "builtin",
              channel: input.channel,
              body: handed.notice,
              metadata: { turnId, kind: "queue_status" },
              at: new Date(at.getTime() + 1),
            });
            replies.push(handed.notice);
          }
          currentCase = await deps.cases.get(workspaceId, currentCase.id);
        }
      } else if (desk && currentCase.status === "escalated") {
        if (notes.answeredWhileWaiting) {
          await deps.timeline.append({
            workspaceId,
            customerId: customer.id,
            caseId: currentCase.id,
            channel: input.channel,
            kind: "case.answered_while_waiting",
            refId: turnId,
            summary: `Answered by the AI while waiting for the team: ${intent.replace(/_/g, " ")}`,
            data: { turnId, intent },
            occurredAt: at,
          });
        }
        if (draftOnly) {
          await desk.suggest({
            workspaceId,
            caseId: currentCase.id,
            messageId: message.id,
            turnId,
            body: reply,
            tools: toolCalls,
            knowledge: usedKnowledge,
            at,
          });
        }
        await desk.changed(workspaceId, currentCase.id, "message");
      }
      events.emit({
        name: "agent.replied",
        workspaceId,
        occurredAt: at,
        payload: {
          caseId: currentCase.id,
          turnId,
          decision: plan.decision,
          engine,
          messageId: row.replyMessageId,
        },
      });
      return {
        turn: toTurn(row),
        case: currentCase,
        customer: proving.customer,
        replies,
        duplicate: false,
        verified: ctx.verified,
      };
    },
  };
}

const TURN_CURSOR_INVALID = "AGENT_CURSOR_INVALID";

const ms = (since: number) => Math.round((performance.now() - since) * 100) / 100;

const PRIORITY_ORDER = ["low", "normal", "high", "urgent"] as const;
function maxPriority(a: Case["priority"], b: Case["priority"]): Case["priority"] {
  return PRIORITY_ORDER.indexOf(a) >= PRIORITY_ORDER.indexOf(b) ? a : b;
}
