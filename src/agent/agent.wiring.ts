import type { ConnectorsService } from "../connectors";
import { normalisePostalCodeFor } from "../connectors";
import type { Config } from "../core/config";
import type { KnowledgeService } from "../knowledge";
import type { PolicySource } from "../policies";
import { createAgentService, type AgentDeps } from "./agent.service";
import type { AgentTools } from "./agent.types";
import type { AgentKnowledge, OrderVerifier } from "./dialogue/dialogue.types";
import { createLlmComposer } from "./llm/llm-composer";
import { createLlmSummaryWording } from "./llm/llm-summary-wording";
import type { LlmComposer, LlmSettings } from "./llm/llm.types";
import { createNluEngine, type NluEngine } from "./nlu";
import { storeGazetteerItems } from "./lib/store-gazetteer-items";

export type AgentConfig = Partial<
  Pick<
    Config,
    | "NLU_EXTRA_TRAINING_DIR"
    | "LLM_PROVIDER"
    | "LLM_BASE_URL"
    | "LLM_MODEL"
    | "LLM_API_KEY"
    | "LLM_TIMEOUT_MS"
  >
>;

function llmSettings(config: AgentConfig): LlmSettings | undefined {
  if (!config.LLM_PROVIDER || config.LLM_PROVIDER === "none" || !config.LLM_MODEL) return undefined;
  return {
    provider: config.LLM_PROVIDER,
    baseUrl: config.LLM_BASE_URL,
    model: config.LLM_MODEL,
    apiKey: config.LLM_API_KEY,
    timeoutMs: config.LLM_TIMEOUT_MS ?? 8_000,
  };
}

/** The language-model engine from configuration, or none (the built-in engine alone). */
export function llmFromConfig(config: AgentConfig): LlmComposer | undefined {
  const settings = llmSettings(config);
  return settings && createLlmComposer(settings);
}

// The summary must be ready within 2 s of the escalation; the handoff service stops waiting at 1.5 s,
// and the request is aborted then too rather than left running.
const SUMMARY_WORDING_TIMEOUT_MS = 1_500;

/** The language model that words handoff summaries (under the handoff service's fact check), or none. */
export function summaryWordingFromConfig(
  config: AgentConfig,
): ReturnType<typeof createLlmSummaryWording> | undefined {
  const settings = llmSettings(config);
  return (
    settings &&
    createLlmSummaryWording({
      ...settings,
      timeoutMs: Math.min(settings.timeoutMs, SUMMARY_WORDING_TIMEOUT_MS),
    })
  );
}

/** Trains once per process, on first use; concurrent callers share the same training. */
export function lazyNlu(options: { extraTrainingDir?: string } = {}): () => Promise<NluEngine> {
  let engine: Promise<NluEngine> | undefined;
  return () => {
    engine ??= createNluEngine(
      options.extraTrainingDir ? { extraTrainingDir: options.extraTrainingDir } : {},
    );
    return engine;
  };
}

export function knowledgeAdapter(knowledge: KnowledgeService): AgentKnowledge {
  return {
    async search(workspaceId, query, options = {}) {
      if (options.kinds?.length === 1 && options.kinds[0] === "promotion") {
        // "Any promotions?" rarely shares words with a promotion's text: list the ones in force.
        const { entries } = await knowledge.listEntries(workspaceId, {
          kind: "promotion",
          at: options.at,
          limit: 10,
        });
        return entries
          .filter((e) => e.inForce)
          .map((e) => ({
            entryId: e.id,
            version: e.inForce?.version ?? 0,
            title: e.inForce?.title ?? e.slug,
            snippet: escapeHtml(firstSentences(e.inForce?.body ?? "", 240)),
            score: 1,
            kind: "promotion",
          }));
      }
      const kinds = options.kinds?.length ? options.kinds : [undefined];
      const results = await Promise.all(
        kinds.map((kind) =>
          knowledge.search(workspaceId, {
            q: query.slice(0, 500),
            match: "any",
            limit: options.limit ?? 3,
            ...(options.at ? { at: options.at } : {}),
            ...(kind ? { kind: kind as "article" } : {}),
          }),
        ),
      );
      return results
        .flat()
        .sort((a, b) => b.score - a.score)
        .map((p) => ({
          entryId: p.entryId,
          version: p.version,
          title: p.title,
          snippet: p.snippet,
          score: p.score,
          kind: p.kind,
        }));
    },
  };
}

export function orderVerifier(connectors: ConnectorsService): OrderVerifier {
  return {
    async verifyOrderPostcode(workspaceId, orderNumber, postalCode) {
      const { orders } = await connectors.forWorkspace(workspaceId);
      const order = await orders.getOrder(workspaceId, orderNumber);
      const address = order?.shippingAddress;
      if (!order || !address?.postalCode) return null;
      const country = address.country ?? "US";
      const given = normalisePostalCodeFor(country, postalCode);
      const expected = normalisePostalCodeFor(country, address.postalCode);
      if (!given || !expected || given !== expected) return null;
      return { customerId: null, email: order.customer.email ?? null };
    },
  };
}

export function createAgent(
  deps: Omit<AgentDeps, "nlu" | "tools" | "knowledge" | "verifier" | "directory" | "policies" | "llm"> & {
    knowledge: KnowledgeService;
    policies: PolicySource;
    connectors: ConnectorsService;
    tools: AgentTools;
    config: AgentConfig;
    nlu?: () => Promise<NluEngine>;
  },
) {
  const knowledge = knowledgeAdapter(deps.knowledge);
  const verifier = orderVerifier(deps.connectors);
  const directory = {
    async stores(workspaceId: string) {
      const { stores } = await deps.connectors.forWorkspace(workspaceId);
      const list = (await stores.list(workspaceId)).filter((s) => s.kind === "store");
      return storeGazetteerItems(list.map((s) => ({ code: s.code, name: s.name, city: s.address.city })));
    },
    // The catalogue is matched per message through products.search; no full list is loaded.
    catalogue: async () => [],
  };
  return createAgentService({
    ...deps,
    nlu: deps.nlu ?? lazyNlu({ extraTrainingDir: deps.config.NLU_EXTRA_TRAINING_DIR }),
    tools: () => deps.tools,
    knowledge: () => knowledge,
    verifier: () => verifier,
    directory: () => directory,
    policies: () => deps.policies,
    llm: llmFromConfig(deps.config),
  });
}

function firstSentences(markdown: string, max: number): string {
  const plain = markdown
    .replace(/[#*_`>[\]]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const end = cut.lastIndexOf(". ");
  return end > 40 ? cut.slice(0, end + 1) : `${cut.trimEnd()}…`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
