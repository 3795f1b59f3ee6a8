import type { AgentTools, ToolCallRecord } from "./agent.types";
import { summariseToolResult } from "./dialogue/lib/summarise-tool-result";
import { fail, type ToolContext, type ToolResult } from "./tools/tool";

const TOOL_RESULT_CAP = 4_000;

/**
 * Runs tools for one turn, for the case's customer only, and records every call (arguments,
 * outcome, result, time). The verified customer comes from the customer record, never from the
 * message: customer text cannot widen what a tool may read.
 */
export function createToolRunner(input: {
  tools: AgentTools;
  workspaceId: string;
  customerId: string;
  caseId: string;
  channel: string;
  messageId: string;
  now: Date;
  isVerified: () => boolean;
  record: ToolCallRecord[];
}) {
  return async function call<T>(name: string, args: Record<string, unknown>): Promise<ToolResult<T>> {
    const t0 = performance.now();
    const done = (result: ToolResult<unknown>) => {
      input.record.push({
        name,
        args,
        ok: result.ok,
        ...(result.ok ? {} : { code: result.error.code }),
        summary: summariseToolResult(name, result),
        result: capResult(result.ok ? result.data : result.error),
        ms: Math.round((performance.now() - t0) * 100) / 100,
      });
      return result as ToolResult<T>;
    };
    const tool = input.tools[name];
    if (!tool) return done(fail({ code: "AGENT_TOOL_UNAVAILABLE", message: `${name} is not available` }));
    const verified = input.isVerified();
    if (tool.requiresVerifiedCustomer && !verified) {
      return done(fail({ code: "VERIFICATION_REQUIRED", message: "the customer is not verified" }));
    }
    const parsed = tool.input.safeParse(args);
    if (!parsed.success) {
      return done(fail({ code: "AGENT_TOOL_INPUT_INVALID", message: parsed.error.issues[0]?.message ?? "invalid input" }));
    }
    const context: ToolContext = {
      workspaceId: input.workspaceId,
      customerId: input.customerId,
      ...(verified ? { verifiedCustomerId: input.customerId } : {}),
      caseId: input.caseId,
      channel: input.channel,
      actor: { kind: "ai", id: "agent" },
      // The same inbound message never acts twice.
      requestId: `${input.messageId}:${name}`,
      now: input.now,
    };
    try {
      return done(await tool.run(context, parsed.data));
    } catch (error) {
      return done(fail({ code: "UPSTREAM_UNAVAILABLE", message: error instanceof Error ? error.message : "tool failed" }));
    }
  };
}

function capResult(value: unknown): unknown {
  const json = JSON.stringify(value ?? null);
  return json.length <= TOOL_RESULT_CAP ? value : { truncated: true, preview: json.slice(0, TOOL_RESULT_CAP) };
}
