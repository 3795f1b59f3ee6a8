import { describe, expect, it } from "vitest";
import { exampleFor } from "./schema-example";

describe("exampleFor", () => {
  it("prefers explicit examples, defaults and enums", () => {
    expect(exampleFor({ type: "string", example: "given" }, {})).toBe("given");
    expect(exampleFor({ type: "integer", default: 50 }, {})).toBe(50);
    expect(exampleFor({ type: "string", enum: [null, "open"] }, {})).toBe("open");
  });

  it("fills an object through $ref with ids carrying the server's prefixes and typed dates", () => {
    const components = {
      Case: {
        type: "object",
        properties: {
          id: { type: "string" },
          customerId: { type: "string" },
          createdAt: { type: "string", format: "date-time" },
        },
        required: ["id", "customerId", "createdAt"],
      },
    };
    expect(exampleFor({ $ref: "#/components/schemas/Case" }, components)).toEqual({
      id: expect.stringMatching(/^case_/),
      customerId: expect.stringMatching(/^cus_/),
      createdAt: "2026-03-14T09:30:00.000Z",
    });
  });

  it("keeps strings inside their pattern and length, and numbers inside their range", () => {
    expect(exampleFor({ type: "string", pattern: "^[A-Z]{2}$" }, {}, "country")).toBe("US");
    expect(exampleFor({ type: "string", minLength: 12, maxLength: 12 }, {}, "tag")).toHaveLength(12);
    expect(exampleFor({ type: "integer", minimum: 5, maximum: 9 }, {}, "count")).toBe(5);
  });

  it("gives up on a required field no value fits, rather than inventing an invalid one", () => {
    const schema = {
      type: "object",
      properties: { code: { type: "string", pattern: "^Z{9}$" } },
      required: ["code"],
    };
    expect(exampleFor(schema, {})).toBeUndefined();
  });
});
