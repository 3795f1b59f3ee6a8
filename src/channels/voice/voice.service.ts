import type { AgentService, AgentTurn, TurnResult } from "../../agent";
import type { Case, CasesService, Message } from "../../cases";
import type { Clock } from "../../core/clock";
import type { EventBus } from "../../core/events";
import { notFound } from "../../core/errors";
import type { Customer, CustomersService, IdentityClaim } from "../../customers";
import type { Logger } from "../../core/logger";
import type { Db } from "../../db/client";
import type { Ingest } from "../ingest";
import { callerPhone } from "../twilio/lib/caller-phone";
import type { VoiceTransfer } from "../twilio/twilio.types";
import { greeting, orderOfCase } from "./lib/greeting";
import { speakable } from "./lib/speakable";
import { CALL_TRANSFERRED } from "./voice.events";
import { voiceRepository } from "./voice.repository";
import type { ScreenPop, VoiceCall } from "./voice.types";
import { gatherTwiml, transferTwiml } from "./voice-twiml";

/** One webhook of a call, as the voice channel needs it. */
export type CallRequest = {
  workspaceId: string;
  businessName: string;
  callSid: string;
  /** The provider's From: a caller ID, or something that is not a number (withheld, a client). */
  from: string | undefined;
  /** `…/channels/twilio/<slug>` as the provider reaches it; gather URLs are built on it. */
  base: string;
  transfer: VoiceTransfer;
};

export type SpeechRequest = CallRequest & {
  /** The turn this transcript answers, from the signed gather URL. */
  turn: number;
  speech: string;
  /** Times in a row the caller said nothing. */
  silence: number;
};

export type VoiceChannel = ReturnType<typeof createVoiceChannel>;

const CALL_STARTED = "Phone call started";
const HANDOVER = "I'm connecting you with a member of our team now. Please hold.";
const NOT_HEARD = "Sorry, I didn't catch that. How can I help?";
/** A call that goes round this many times without resolving is better with a person. */
const MAX_TURNS = 12;
const ENDED_STATUSES = new Set(["completed", "busy", "no-answer", "failed", "canceled"]);

/**
 * Voice over the one pipeline: the call is a contact (ingested with its CallSid, so the
 * provider's retries are one contact), each transcript is an agent turn keyed by CallSid and turn
 * number, and the reply is spoken. A turn that escalates, a caller who asks for a person, a
 * silent line or a long loop is put through to people, with a screen pop for the one who answers.
 */
export function createVoiceChannel(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  ingest: Ingest;
  agent: AgentService;
  cases: CasesService;
  customers: CustomersService;
  logger?: Logger;
}) {
  const repo = () => voiceRepository(deps.db);

  const claimsOf = (call: CallRequest): IdentityClaim[] => {
    const phone = callerPhone(call.from);
    // A withheld number is still one caller for the length of the call.
    return phone ? [{ kind: "phone", value: phone, level: "recognised" }] : [{ kind: "device", value: `call:${call.callSid}` }];
  };

  const gatherUrl = (call: CallRequest, turn: number, silence = 0) =>
    `${call.base}/voice/gather?turn=${turn}${silence ? `&silence=${silence}` : ""}`;

  async function answer(call: CallRequest): Promise<string> {
    const at = deps.clock.now();
    const ingested = await deps.ingest.ingest({
      workspaceId: call.workspaceId,
      channel: "voice",
      identities: claimsOf(call),
      text: CALL_STARTED,
      externalId: call.callSid,
      metadata: { call: { callSid: call.callSid, event: "started" } },
      occurredAt: at,
    });
    const started = await repo().startCall({
      workspaceId: call.workspaceId,
      callSid: call.callSid,
      caseId: ingested.case.id,
      customerId: ingested.customer.id,
      at,
    });
    const turns = ingested.caseCreated ? [] : await deps.agent.turns(call.workspaceId, ingested.case.id);
    const text = greeting({
      displayName: ingested.customer.displayName,
      recognised: Boolean(callerPhone(call.from)) && !ingested.customerCreated,
      orderNumber: ingested.caseCreated ? null : orderOfCase(ingested.case.orderRef, turns),
      businessName: call.businessName,
    });
    // The greeting is part of the transcript staff read; a redelivered webhook adds it once.
    await deps.cases.appendMessage(deps.db, {
      workspaceId: call.workspaceId,
      caseId: ingested.case.id,
      customerId: ingested.customer.id,
      direction: "outbound",
      authorKind: "ai",
      authorId: "voice",
      channel: "voice",
      body: text,
      externalId: `${call.callSid}:greeting`,
      metadata: { call: { callSid: call.callSid, event: "greeting" } },
      at: new Date(at.getTime() + 1),
    });
    return gatherTwiml(text, gatherUrl(call, (started?.turns ?? 0) + 1));
  }

  async function transfer(
    call: CallRequest,
    record: VoiceCall,
    outcome: { reason: string; say: string; customer: Customer; case: Case; verified: boolean },
  ): Promise<string> {
    const now = deps.clock.now();
    let current = outcome.case;
    if (current.status !== "escalated" && current.status !== "resolved") {
      current = await deps.cases.update(call.workspaceId, current.id, { status: "escalated" }, "voice");
    }
    const pop = await screenPopFor(call, record, { ...outcome, case: current }, now);
    if (await repo().markTransferred(call.workspaceId, call.callSid, pop, now)) {
      // The staff realtime connection relays this event (services.ts); a screen that missed it
      // reads GET /calls/{callSid}/screen-pop.
      deps.events.emit({ name: CALL_TRANSFERRED, workspaceId: call.workspaceId, occurredAt: now, payload: pop });
    }
    return transferTwiml(outcome.say, call.transfer);
  }

  async function screenPopFor(
    call: CallRequest,
    record: VoiceCall,
    outcome: { reason: string; customer: Customer; case: Case; verified: boolean },
    now: Date,
  ): Promise<ScreenPop> {
    const { customer } = outcome;
    const phone = callerPhone(call.from) ?? null;
    const [messages, turns] = await Promise.all([
      deps.cases.messages(call.workspaceId, outcome.case.id),
      deps.agent.turns(call.workspaceId, outcome.case.id),
    ]);
    return {
      callSid: call.callSid,
      transferredAt: now.toISOString(),
      reason: outcome.reason,
      caller: { phone },
      customer: {
        id: customer.id,
        displayName: customer.displayName,
        tier: customer.tier,
        identities: customer.identities.map((i) => ({ kind: i.kind, value: i.value, verificationLevel: i.verificationLevel })),
      },
      verification: {
        contact: outcome.verified ? "verified" : phone ? "recognised" : "anonymous",
        record: customer.verification.level,
        method: customer.verification.method,
      },
      case: {
        id: outcome.case.id,
        status: outcome.case.status,
        priority: outcome.case.priority,
        orderRef: orderOfCase(outcome.case.orderRef, turns),
        subject: outcome.case.subject,
        intent: outcome.case.intent,
        channels: outcome.case.channels,
      },
      lastInteraction: lastInteraction(messages, turns, record.startedAt),
    };
  }

  return {
    /** The call webhook: recognise the caller, greet with context, listen. */
    answer,

    /** A transcript (or silence) from the gather: answer it in speech, or put the caller through. */
    async speech(call: SpeechRequest): Promise<string> {
      const record = await repo().findCall(call.workspaceId, call.callSid);
      if (!record) return answer(call);
      const load = async () => ({
        customer: await deps.customers.get(call.workspaceId, record.customerId),
        case: await deps.cases.get(call.workspaceId, record.caseId),
        verified: false,
      });
      if (!call.speech) {
        if (call.silence >= 1) return transfer(call, record, { ...(await load()), reason: "no_input", say: HANDOVER });
        return gatherTwiml(NOT_HEARD, gatherUrl(call, call.turn, call.silence + 1));
      }
      if (call.turn > MAX_TURNS) return transfer(call, record, { ...(await load()), reason: "turn_limit", say: HANDOVER });

      let result: TurnResult;
      try {
        result = await deps.agent.handleInbound({
          workspaceId: call.workspaceId,
          channel: "voice",
          identities: claimsOf(call),
          text: call.speech,
          externalId: `${call.callSid}:${call.turn}`,
        });
      } catch (error) {
        // A caller cannot be asked to retry later: when the turn fails, a person takes the call.
        deps.logger?.error({ err: error, workspaceId: call.workspaceId }, "voice turn failed; transferring the caller");
        return transferTwiml(HANDOVER, call.transfer);
      }
      if (call.turn > record.turns) await repo().recordTurn(call.workspaceId, call.callSid, call.turn);
      const said = speakable(result.replies.join(" "));
      if (result.turn.escalated || result.case.status === "escalated") {
        return transfer(call, record, {
          reason: result.turn.escalated ? result.turn.reason : "case_with_team",
          // A case already with the team gets the hand-over line, not "we will reply here".
          say: result.turn.escalated && said ? `${said} ${HANDOVER}` : HANDOVER,
          customer: result.customer,
          case: result.case,
          verified: result.verified,
        });
      }
      return gatherTwiml(said || NOT_HEARD, gatherUrl(call, call.turn + 1));
    },

    async status(workspaceId: string, callSid: string, status: string): Promise<void> {
      await repo().recordStatus(workspaceId, callSid, status, ENDED_STATUSES.has(status) ? deps.clock.now() : null);
    },

    /** What staff saw when the call was put through; 404 before that. */
    async screenPop(workspaceId: string, callSid: string): Promise<ScreenPop> {
      const record = await repo().findCall(workspaceId, callSid);
      if (!record?.screenPop) throw notFound("VOICE_CALL_NOT_FOUND", "no transferred call with this CallSid");
      return record.screenPop;
    },
  };
}

const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/**
 * The gist of the contact before this call: the run of messages on the channel used last, what
 * the customer asked about (the turns' intents and order) and the last words on each side.
 */
function lastInteraction(
  messages: Message[],
  turns: AgentTurn[],
  callStartedAt: Date,
): ScreenPop["lastInteraction"] {
  const before = messages.filter((m) => m.createdAt < callStartedAt && m.direction !== "internal");
  const lastInbound = before.findLast((m) => m.direction === "inbound");
  if (!lastInbound) return null;
  const run: Message[] = [];
  for (const m of [...before].reverse()) {
    if (m.channel !== lastInbound.channel) break;
    run.unshift(m);
  }
  const ids = new Set(run.map((m) => m.id));
  const runTurns = turns.filter((t) => ids.has(t.messageId));
  const topics = [...new Set(runTurns.map((t) => t.understanding.intent))]
    .filter((intent) => !["greeting", "thanks", "goodbye", "smalltalk"].includes(intent))
    .map((intent) => intent.replace(/_/g, " "));
  const order = orderOfCase(null, runTurns);
  const asked = run.filter((m) => m.direction === "inbound").length;
  const lastReply = run.findLast((m) => m.direction === "outbound");
  const parts = [
    `${asked} message${asked === 1 ? "" : "s"} by ${lastInbound.channel.replace(/_/g, " ")}`,
    topics.length ? `about ${topics.join(", ")}${order ? ` (order ${order})` : ""}` : order ? `about order ${order}` : "",
  ].filter(Boolean);
  const summary = `${parts.join(" ")}. Customer: "${clip(lastInbound.body)}"${
    lastReply ? ` Reply: "${clip(lastReply.body)}"` : ""
  }`;
  return { channel: lastInbound.channel, at: lastInbound.createdAt.toISOString(), summary };
}
