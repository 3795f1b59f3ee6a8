import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "./helpers";

const run = promisify(execFile);
const require = createRequire(import.meta.url);

type Media = { schema?: Record<string, unknown>; example?: unknown };
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, Media>; headers?: Record<string, unknown> }
  >;
};
type Spec = {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

let ctx: TestContext;
let spec: Spec;
const operations: { key: string; operation: Operation }[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  spec = (await ctx.app.inject({ url: "/openapi.json" })).json() as Spec;
  for (const [route, methods] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(methods))
      operations.push({ key: `${method.toUpperCase()} ${route}`, operation });
  }
});

afterAll(async () => {
  await ctx?.close();
});

/** Every example in the document, with the schema it must satisfy. */
function examples(): { where: string; schema: Record<string, unknown>; example: unknown }[] {
  const found: { where: string; schema: Record<string, unknown>; example: unknown }[] = [];
  for (const { key, operation } of operations) {
    for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
      found.push({ where: `${key} request ${type}`, schema: media.schema ?? {}, example: media.example });
    }
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      for (const [type, media] of Object.entries(response.content ?? {})) {
        found.push({ where: `${key} ${status} ${type}`, schema: media.schema ?? {}, example: media.example });
      }
    }
  }
  return found;
}

describe("/openapi.json is a contract clients can be generated from", () => {
  it("gives every operation a unique operationId, a summary and a description", () => {
    expect(operations.length).toBeGreaterThan(50);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => !id || !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    const undocumented = operations.filter(({ operation }) => !operation.summary || !operation.description);
    expect(undocumented.map(({ key }) => key)).toEqual([]);
  });

  it("names every response and sends the request id header with it", () => {
    const unnamed: string[] = [];
    for (const { key, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!response.description || response.description === "Default Response")
          unnamed.push(`${key} ${status}`);
        if (!response.headers?.["X-Request-Id"]) unnamed.push(`${key} ${status} without X-Request-Id`);
      }
    }
    expect(unnamed).toEqual([]);
  });

  it("has an example on every request body and response, each valid against its schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
    addFormats(ajv);
    const all = examples();
    expect(all.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const { where, schema, example } of all) {
      if (example === undefined) {
        problems.push(`${where}: no example`);
        continue;
      }
      const validate = ajv.compile({ ...schema, components: spec.components });
      if (!validate(example)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(problems).toEqual([]);
  });

  it("types dates as date-time, leaves no schema unused and names the servers", () => {
    const untyped: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (!node || typeof node !== "object") return;
      for (const [key, value] of Object.entries(node)) {
        const schema = value as Record<string, unknown> | null;
        if (
          /At$/.test(key) &&
          schema &&
          typeof schema === "object" &&
          !schema.$ref &&
          !schema.allOf &&
          !schema.anyOf
        ) {
          if (schema.format !== "date-time") untyped.push(`${where}.${key}`);
        }
        visit(value, `${where}.${key}`);
      }
    };
    visit(spec.components.schemas, "components");
    visit(spec.paths, "paths");
    expect(untyped).toEqual([]);
    const text = JSON.stringify(spec.paths) + JSON.stringify(spec.components);
    const unused = Object.keys(spec.components.schemas).filter(
      (name) => !text.includes(`"#/components/schemas/${name}"`),
    );
    expect(unused).toEqual([]);
    expect(spec.servers?.length).toBeGreaterThan(0);
  });

  it("answers every retail-data route with a typed result, not a generic envelope", () => {
    const generic = operations.filter(({ operation }) => {
      const schema = operation.responses?.["200"]?.content?.["application/json"]?.schema as
        { properties?: object } | undefined;
      return schema?.properties && "ok" in schema.properties && "data" in schema.properties;
    });
    expect(generic.map(({ key }) => key)).toEqual([]);
    const order =
      spec.paths["/api/v1/orders/{number}"]?.get?.responses?.["200"]?.content?.["application/json"]?.schema;
    expect(order).toEqual({ $ref: "#/components/schemas/OrderList" });
  });

  it("passes the OpenAPI linter with no errors", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openapi-lint-"));
    const file = path.join(dir, "openapi.json");
    fs.writeFileSync(file, JSON.stringify(spec));
    const cli = require.resolve("@redocly/cli/bin/cli.js");
    // The linter exits non-zero on errors; its JSON report is read either way.
    const output = await run(process.execPath, [cli, "lint", file, "--format=json", "--max-problems=1000"], {
      maxBuffer: 20 * 1024 * 1024,
    })
      .then((result) => result.stdout)
      .catch((error: { stdout?: string }) => error.stdout ?? "");
    fs.rmSync(dir, { recursive: true, force: true });
    const report = JSON.parse(output.slice(output.indexOf("{"))) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string }[];
    };
    const errors = report.problems.filter((problem) => problem.severity === "error");
    console.log(`OpenAPI lint: ${report.totals.errors} errors, ${report.totals.warnings} warnings`);
    expect(errors.map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
    expect(report.totals.warnings).toBeLessThanOrEqual(5);
  }, 60_000);
});
