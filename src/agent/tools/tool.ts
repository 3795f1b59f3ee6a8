import type { z } from "zod";

/**
 * Who a tool runs for. Tools touching personal data check `verifiedCustomerId`, never an id
 * found in the customer's message: customer text is data, not instructions.
 */
export type ToolContext = {
  workspaceId: string;
  /** The case's customer, whatever their verification level. */
  customerId?: string;
  /** Set only when that customer is verified inside the trust window. */
  verifiedCustomerId?: string;
  caseId?: string;
  channel?: string;
  /** Staff member or API key acting (agent workspace, REST tools); absent for the AI agent. */
  actor?: { kind: "user" | "api_key" | "ai"; id: string };
  /** Makes actions idempotent: the same request id never acts twice. */
  requestId?: string;
  now: Date;
};

export type ToolFailure = {
  /** e.g. ORDERS_NOT_FOUND, RETURNS_WINDOW_CLOSED, UPSTREAM_UNAVAILABLE, VERIFICATION_REQUIRED */
  code: string;
  message: string;
  /** For policy refusals: the rule that refused, with its parameters, so the reply can explain it. */
  rule?: { id: string; description: string; params?: Record<string, unknown> };
  /** The knowledge-base version the rule came from, when it came from there. */
  source?: { entryId: string; version: number };
};

export type ToolResult<T> = { ok: true; data: T } | { ok: false; error: ToolFailure };

/** One tool per file under src/agent/tools/: typed input, typed output, declared data needs. */
export type Tool<Input, Output> = {
  name: string;
  description: string;
  input: z.ZodType<Input>;
  /** True when the output carries personal data (order contents, addresses). */
  requiresVerifiedCustomer: boolean;
  /** True when the tool changes data (cancel, return, address change). */
  mutates: boolean;
  run(context: ToolContext, input: Input): Promise<ToolResult<Output>>;
};

export const ok = <T>(data: T): ToolResult<T> => ({ ok: true, data });
export const fail = <T = never>(error: ToolFailure): ToolResult<T> => ({ ok: false, error });
