import { describe, expect, it } from "vitest";
import { finishDocument, type OpenApiDocument } from "./openapi-document";

/** A route nobody documented beyond its schemas, as a helper might add one tomorrow. */
function documentWithNewRoute(): OpenApiDocument {
  return {
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    paths: {
      "/api/v1/gift-cards/{cardId}/redeem": {
        post: {
          summary: "Redeem a gift card",
          requestBody: {
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    amount: { type: "number", minimum: 1 },
                    note: { type: "string", maxLength: 20 },
                  },
                  required: ["amount"],
                },
              },
            },
          },
          responses: {
            200: {
              description: "Default Response",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      card: { nullable: true, allOf: [{ $ref: "#/components/schemas/GiftCard" }] },
                      redeemedAt: {},
                    },
                    required: ["card", "redeemedAt"],
                  },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        GiftCard: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
        GiftCardInput: { type: "object", properties: { id: { type: "string" } } },
      },
    },
  };
}

describe("finishDocument", () => {
  const document = finishDocument(documentWithNewRoute(), { serverUrl: "https://support.example.com" });
  const operation = document.paths["/api/v1/gift-cards/{cardId}/redeem"]!.post!;

  it("gives a route it has never seen an operationId, a description and named responses", () => {
    expect(operation.operationId).toBe("redeemGiftCard");
    expect(operation.description).toBe("Redeem a gift card");
    expect(operation.responses?.["200"]?.description).toBe("OK");
    expect(operation.responses?.["401"]?.description).toContain("credentials");
    expect(operation.responses?.["401"]?.headers).toHaveProperty("WWW-Authenticate");
    expect(operation.responses?.["200"]?.headers).toHaveProperty("X-Request-Id");
  });

  it("adds examples to the request and the response", () => {
    expect(operation.requestBody?.content?.["application/json"]?.example).toEqual({
      amount: 1,
      note: expect.any(String),
    });
    expect(operation.responses?.["200"]?.content?.["application/json"]?.example).toEqual({
      card: { id: expect.stringMatching(/_/) },
      redeemedAt: "2026-03-14T09:30:00.000Z",
    });
  });

  it("types untyped dates and nullable references, drops unused schemas and names the server", () => {
    const schema = operation.responses?.["200"]?.content?.["application/json"]?.schema as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(schema.properties.redeemedAt).toEqual({ type: "string", format: "date-time" });
    expect(schema.properties.card).toMatchObject({ nullable: true, type: "object" });
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(["GiftCard"]);
    expect(document.servers).toEqual([
      { url: "https://support.example.com", description: expect.any(String) },
    ]);
  });

  it("keeps an explicit operationId and makes a clashing derived one unique", () => {
    const input = documentWithNewRoute();
    input.paths["/api/v1/gift-cards/{cardId}/redeem"]!.post!.operationId = "redeemCard";
    input.paths["/api/v1/cards/redeem"] = {
      post: { summary: "Another", operationId: "redeemCard", responses: {} },
    };
    const ids = Object.values(finishDocument(input).paths).map((methods) => methods.post?.operationId);
    expect(new Set(ids).size).toBe(2);
  });
});
