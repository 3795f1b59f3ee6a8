import { describe, expect, it } from "vitest";
import { deriveOperationId, singular, uniqueOperationIds } from "./operation-id";

describe("deriveOperationId", () => {
  it.each([
    ["GET", "/api/v1/cases", true, "listCases"],
    ["GET", "/api/v1/cases/{caseId}", false, "getCase"],
    ["POST", "/api/v1/cases", false, "createCase"],
    ["PATCH", "/api/v1/cases/{caseId}", false, "updateCase"],
    ["POST", "/api/v1/cases/{caseId}/messages", false, "createCaseMessage"],
    ["GET", "/api/v1/cases/{caseId}/messages", true, "listCaseMessages"],
    ["POST", "/api/v1/cases/{caseId}/pickup", false, "pickupCase"],
    [
      "POST",
      "/api/v1/knowledge/entries/{entryId}/versions/{version}/publish",
      false,
      "publishKnowledgeEntryVersion",
    ],
    ["GET", "/api/v1/workspace/settings", false, "getWorkspaceSettings"],
    ["PATCH", "/api/v1/workspace/settings", false, "updateWorkspaceSettings"],
    ["DELETE", "/api/v1/api-keys/{keyId}", false, "deleteApiKey"],
    ["POST", "/api/v1/workspace/widget-keys/public-key/rotate", false, "rotateWorkspaceWidgetKeysPublicKey"],
    ["POST", "/api/v1/webhooks/deliveries/{id}/replay", false, "replayWebhooksDelivery"],
    ["GET", "/health", false, "getHealth"],
  ])("%s %s → %s", (method, path, list, expected) => {
    expect(deriveOperationId(method, path, list)).toBe(expected);
  });

  it("is stable: the same route always gets the same id", () => {
    expect(deriveOperationId("GET", "/api/v1/customers/{customerId}/timeline", true)).toBe(
      deriveOperationId("GET", "/api/v1/customers/{customerId}/timeline", true),
    );
  });
});

describe("singular", () => {
  it.each([
    ["identities", "identity"],
    ["addresses", "address"],
    ["cases", "case"],
    ["status", "status"],
    ["inventory", "inventory"],
  ])("%s → %s", (plural, one) => expect(singular(plural)).toBe(one));
});

describe("uniqueOperationIds", () => {
  it("qualifies a clash by the later operation's parameters and keeps the first", () => {
    const ids = uniqueOperationIds([
      { key: "a", id: "getOrder", path: "/orders" },
      { key: "b", id: "getOrder", path: "/orders/{number}" },
      { key: "c", id: "getOrder", path: "/orders" },
    ]);
    expect([...ids.values()]).toEqual(["getOrder", "getOrderByNumber", "getOrder2"]);
  });
});
