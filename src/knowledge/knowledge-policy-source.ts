import {
  DEFAULT_ORDER_CHANGE_POLICY,
  DEFAULT_RETURN_POLICY,
  DEFAULT_SHIPPING_POLICY,
  type OrderChangePolicy,
  type PolicySource,
  type ReturnPolicy,
  type ShippingPolicy,
  type Versioned,
} from "../policies";
import type { KnowledgeService } from "./knowledge.service";
import type { PolicyType } from "./knowledge.types";

/**
 * PolicySource over the knowledge base: each call reads the policy version in force at `at`
 * (default now) straight from the database — no cache — so a publish is applied by the very
 * next tool call on any channel. A workspace without a published policy gets the defaults.
 */
export function createKnowledgePolicySource(deps: {
  knowledge: Pick<KnowledgeService, "policyInForce">;
}): PolicySource {
  async function read<T extends object>(
    workspaceId: string,
    policyType: PolicyType,
    defaults: T,
    at: Date | undefined,
  ): Promise<Versioned<T>> {
    const found = await deps.knowledge.policyInForce(workspaceId, policyType, at);
    if (!found) return { value: defaults, source: null };
    // Stored params were validated and completed when written; defaults cover fields added since.
    return {
      value: { ...defaults, ...found.params } as T,
      source: { entryId: found.entryId, version: found.version },
    };
  }
  return {
    returnPolicy: (workspaceId, at) => read<ReturnPolicy>(workspaceId, "returns", DEFAULT_RETURN_POLICY, at),
    shippingPolicy: (workspaceId, at) =>
      read<ShippingPolicy>(workspaceId, "shipping", DEFAULT_SHIPPING_POLICY, at),
    orderChangePolicy: (workspaceId, at) =>
      read<OrderChangePolicy>(workspaceId, "order_changes", DEFAULT_ORDER_CHANGE_POLICY, at),
  };
}
