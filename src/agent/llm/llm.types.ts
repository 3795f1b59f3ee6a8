import type { AgentDecision, AgentTools, ToolCallRecord } from "../agent.types";
import type { ReplyPlan } from "../dialogue/dialogue.types";
import type { ToolResult } from "../tools/tool";

export const LLM_PROVIDERS = ["none", "openai-compatible", "openai", "anthropic"] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

export type LlmSettings = {
  provider: Exclude<LlmProvider, "none">;
  baseUrl?: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
};

export type ComposeInput = {
  workspaceId: string;
  channel: string;
  text: string;
  history: { role: "user" | "assistant"; text: string }[];
  /** The built-in engine's reply: what is sent if the model fails, is slow, or states an unsupported fact. */
  draft: string;
  plan: ReplyPlan;
  toolCalls: ToolCallRecord[];
  /** Runs a tool for this case's verified customer and records it (the same scoping as the built-in engine). */
  call(name: string, args: Record<string, unknown>): Promise<ToolResult<unknown>>;
  tools: AgentTools;
  verified: boolean;
  /** The workspace's phone region, so local numbers in the history are found and redacted. */
  defaultRegion?: string;
};

/** Words a reply with a language model; throws on timeout, error or an unsupported fact. */
export type LlmComposer = {
  handles(decision: AgentDecision): boolean;
  compose(input: ComposeInput): Promise<{ text: string }>;
};
