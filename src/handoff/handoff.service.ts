import { unsupportedFacts, type AgentTurn, type EscalationDesk } from "../agent";
import type { CaseLifecycle, CasesService } from "../cases";
import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import { conflict, notFound } from "../core/errors";
import { newId } from "../core/ids";
import type { CustomersService } from "../customers";
import type { Db } from "../db/client";
import type { RoutingService } from "../routing";
import type { TimelineService } from "../timeline";
import { handoffRepository, type SuggestionRow, type SummaryRow } from "./handoff.repository";
import {
  handoffSummarySchema,
  SUMMARY_WORD_LIMIT,
  type HandoffSummary,
  type StoredSummary,
  type Suggestion,
} from "./handoff.types";
import { buildSummary } from "./lib/build-summary";
import { countWords } from "./lib/count-words";
import { renderSummary } from "./lib/render-summary";
import { waitNotice } from "./lib/wait-notice";

/**
 * A language model that words the summary. Its text is used only when every number, date, order
 * id, carrier and address in it is found in the case record and it stays within 90 words;
 * otherwise the built-in wording stands.
 */
export type SummaryWording = { word(input: { draft: string; fields: unknown }): Promise<string> };

const WORDING_TIMEOUT_MS = 1_500;

const toStored = (row: SummaryRow): StoredSummary => ({
  id: row.id,
  caseId: row.caseId,
  version: row.version,
  summary: row.summary,
  trigger: row.trigger,
  generatedMs: row.generatedMs,
  createdAt: row.createdAt,
});

const toSuggestion = (row: SuggestionRow): Suggestion => ({
  id: row.id,
  caseId: row.caseId,
  messageId: row.messageId,
  turnId: row.turnId,
  body: row.body,
  tools: row.tools,
  knowledge: row.knowledge,
  createdAt: row.createdAt,
});

export type HandoffService = ReturnType<typeof createHandoffService>;

/**
 * The handoff use case: when a case goes to a person it is summarised and queued; while it
 * waits the customer hears where it stands; once a person holds it, the AI drafts for them.
 */
export function createHandoffService(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  cases: CasesService;
  customers: CustomersService;
  timeline: TimelineService;
  routing: RoutingService;
  /** The agent's record of the case (a function: the agent is wired after this service). */
  turns: (workspaceId: string, caseId: string) => Promise<AgentTurn[]>;
  wording?: SummaryWording;
}) {
  const { db, clock, events, cases } = deps;

  async function word(draft: string, fields: unknown, grounding: string): Promise<string | null> {
    if (!deps.wording) return null;
    let timer: NodeJS.Timeout | undefined;
    try {
      const text = await Promise.race([
        deps.wording.word({ draft, fields }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("summary wording timed out")), WORDING_TIMEOUT_MS);
        }),
      ]);
      const trimmed = text.trim();
      if (!trimmed || countWords(trimmed) > SUMMARY_WORD_LIMIT) return null;
      return unsupportedFacts(trimmed, grounding).length === 0 ? trimmed : null;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  const service = {
    /**
     * Builds the summary from the case record and stores it as the next version, with a timeline
     * entry. Unchanged input (same last message, turn and case state) returns the stored one
     * unless `force` (benchmarks measure the build itself).
     */
    async summarise(
      workspaceId: string,
      caseId: string,
      trigger: string,
      options: { force?: boolean } = {},
    ): Promise<StoredSummary> {
      const started = performance.now();
      const caseRecord = await cases.get(workspaceId, caseId);
      const [customer, messages, turns, latest] = await Promise.all([
        deps.customers.get(workspaceId, caseRecord.customerId),
        cases.messages(workspaceId, caseId, 500),
        deps.turns(workspaceId, caseId),
        handoffRepository(db).latestSummary(workspaceId, caseId),
      ]);
      const sourceKey = [
        messages.at(-1)?.id ?? "",
        turns.at(-1)?.id ?? "",
        caseRecord.status,
        caseRecord.updatedAt.toISOString(),
      ].join("|");
      if (latest && latest.sourceKey === sourceKey && !options.force) return toStored(latest);
      const now = clock.now();
      const fields = buildSummary({
        caseRecord,
        customer,
        messages,
        turns,
        version: (latest?.version ?? 0) + 1,
        now,
      });
      const rendered = renderSummary(fields);
      // The model only rewords: every fact in its text must be in the built-in summary, so a number
      // the customer typed somewhere in the case cannot come back as a fact ("refund of $500 approved").
      const worded = await word(rendered.text, fields, [rendered.text, JSON.stringify(fields)].join("\n"));
      const summary: HandoffSummary = handoffSummarySchema.parse({
        ...fields,
        ...(worded
          ? { text: worded, wordCount: countWords(worded), wordedBy: "llm" }
          : { ...rendered, wordedBy: "builtin" }),
      });
      const row: SummaryRow = {
        id: newId("summary", now.getTime()),
        workspaceId,
        caseId,
        version: summary.version,
        summary,
        text: summary.text,
        sourceKey,
        trigger,
        generatedMs: Math.round((performance.now() - started) * 100) / 100,
        createdAt: now,
      };
      const stored = await db.transaction(async (tx) => {
        const inserted = await handoffRepository(tx).insertSummary(row);
        if (!inserted) return null;
        await deps.timeline.append(
          {
            workspaceId,
            customerId: caseRecord.customerId,
            caseId,
            kind: "handoff.summary",
            refId: row.id,
            summary: `Handoff summary v${row.version} (${trigger})`,
            data: {
              summaryId: row.id,
              version: row.version,
              text: summary.text,
              reason: summary.escalation.reason,
            },
            occurredAt: now,
          },
          tx,
        );
        return inserted;
      });
      // Another node summarised the same change at the same moment: theirs stands.
      if (!stored) return toStored((await handoffRepository(db).latestSummary(workspaceId, caseId)) ?? row);
      events.emit({
        name: "handoff.summarised",
        workspaceId,
        occurredAt: now,
        payload: { caseId, summaryId: row.id, version: row.version, trigger },
      });
      return toStored(stored);
    },

    /** The latest stored summary; 404 for a case never handed to a person. */
    async summary(workspaceId: string, caseId: string): Promise<StoredSummary> {
      const caseRecord = await cases.get(workspaceId, caseId);
      const latest = await handoffRepository(db).latestSummary(workspaceId, caseId);
      if (latest) return toStored(latest);
      // Escalated before summaries existed: built for this read, not stored (a read changes nothing).
      if (caseRecord.status !== "escalated") {
        throw notFound(
          "HANDOFF_SUMMARY_NOT_FOUND",
          "this case has not been handed to a person, so it has no handoff summary",
        );
      }
      const [customer, messages, turns] = await Promise.all([
        deps.customers.get(workspaceId, caseRecord.customerId),
        cases.messages(workspaceId, caseId, 500),
        deps.turns(workspaceId, caseId),
      ]);
      const fields = buildSummary({ caseRecord, customer, messages, turns, version: 1, now: clock.now() });
      const summary = handoffSummarySchema.parse({
        ...fields,
        ...renderSummary(fields),
        wordedBy: "builtin",
      });
      return { id: "", caseId, version: 1, summary, trigger: "read", generatedMs: 0, createdAt: clock.now() };
    },

    async history(workspaceId: string, caseId: string): Promise<StoredSummary[]> {
      await cases.get(workspaceId, caseId);
      return (await handoffRepository(db).listSummaries(workspaceId, caseId)).map(toStored);
    },

    async suggestions(workspaceId: string, caseId: string, limit = 20): Promise<Suggestion[]> {
      await cases.get(workspaceId, caseId);
      return (await handoffRepository(db).listSuggestions(workspaceId, caseId, limit)).map(toSuggestion);
    },

    /** What the agent talks to. */
    desk: {
      async escalated(input) {
        await service.summarise(input.workspaceId, input.caseId, "escalated");
        await deps.routing.enqueue({
          workspaceId: input.workspaceId,
          caseId: input.caseId,
          sentiment: input.sentiment,
          frustration: input.frustration,
          reason: input.reason,
        });
        const found = await cases.get(input.workspaceId, input.caseId);
        const status = await deps.routing.waitStatus(input.workspaceId, input.caseId);
        return { notice: waitNotice(status, found.channels.at(-1) ?? found.originChannel) };
      },

      async standing(workspaceId, caseId, channel) {
        const found = await cases.get(workspaceId, caseId);
        let status = await deps.routing.waitStatus(workspaceId, caseId);
        // Escalated before queues existed (or by a path that skipped them): queue it now.
        if (status.state === "none" && found.status === "escalated") {
          await deps.routing.enqueue({ workspaceId, caseId, reason: "escalated" });
          status = await deps.routing.waitStatus(workspaceId, caseId);
        }
        const withPerson =
          status.state === "assigned" || (status.state === "none" && Boolean(found.assigneeId));
        return { withPerson, notice: waitNotice(status, channel) };
      },

      async changed(workspaceId, caseId, trigger) {
        await service.summarise(workspaceId, caseId, trigger);
      },

      async suggest(input) {
        const row = await handoffRepository(db).insertSuggestion({
          id: newId("suggestion", input.at.getTime()),
          workspaceId: input.workspaceId,
          caseId: input.caseId,
          messageId: input.messageId,
          turnId: input.turnId,
          body: input.body,
          tools: input.tools.map((t) => ({ name: t.name, ok: t.ok, summary: t.summary })),
          knowledge: input.knowledge,
          createdAt: input.at,
        });
        events.emit({
          name: "suggestion.drafted",
          workspaceId: input.workspaceId,
          occurredAt: input.at,
          payload: { caseId: input.caseId, suggestionId: row.id, messageId: input.messageId },
        });
      },
    } satisfies EscalationDesk,

    /** How case updates made by staff reach the queue. */
    lifecycle: {
      async assertAssigneeChangeable(workspaceId, caseId) {
        const { item } = await deps.routing.caseRouting(workspaceId, caseId);
        if (item) {
          throw conflict(
            "HANDOFF_ASSIGNEE_ROUTED",
            "assigneeId: this case is in a queue; use /pickup or /transfer so capacity and the transfer record stay right",
            { field: "assigneeId" },
          );
        }
      },
      async statusChanged(workspaceId, caseId, change) {
        if (change.to === "escalated" && change.actor !== "ai") {
          await service.summarise(workspaceId, caseId, "escalated_by_staff");
          await deps.routing.enqueue({ workspaceId, caseId, reason: "escalated_by_staff" });
        } else if (change.from === "escalated" && change.to !== "escalated") {
          await deps.routing.closeFor(
            workspaceId,
            caseId,
            change.to === "resolved" ? "resolved" : `status_${change.to}`,
          );
          if (change.to === "resolved") await service.summarise(workspaceId, caseId, "resolved");
        }
      },
    } satisfies CaseLifecycle,
  };
  return service;
}
