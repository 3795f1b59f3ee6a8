export {
  createAgent,
  lazyNlu,
  llmFromConfig,
  summaryWordingFromConfig,
  type AgentConfig,
} from "./agent.wiring";
export { createAgentService, type AgentService, type InboundMessage, type TurnResult } from "./agent.service";
export type {
  AgentTurn,
  AgentDecision,
  MessageContext,
  UnderstandingRecord,
  AgentTools,
  EscalationDesk,
  ToolCallRecord,
  KnowledgeUse,
} from "./agent.types";
export { unsupportedFacts } from "./llm/lib/unsupported-facts";
export { AGENT_DECISIONS } from "./agent.types";
export { agentRoutes } from "./agent.routes";
export type { NluEngine } from "./nlu";
