import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, createWorkspace, type TestContext, type WorkspaceFixture } from "./helpers";

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** A program a retailer's engineer would write against the generated types: compiled, then run. */
const CLIENT_PROGRAM = `
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const client = createClient<paths>({
  baseUrl: process.env.BASE_URL,
  headers: { authorization: \`Bearer \${process.env.API_KEY}\` },
});

const created = await client.POST("/api/v1/customers", {
  body: { displayName: "Jane Doe", identities: [{ kind: "email", value: "jane.generated@example.com" }] },
});
if (!created.data) throw new Error(\`create failed: \${JSON.stringify(created.error)}\`);
const read = await client.GET("/api/v1/customers/{customerId}", {
  params: { path: { customerId: created.data.id } },
});
const cases = await client.GET("/api/v1/cases", { params: { query: { limit: 5 } } });
const missing = await client.GET("/api/v1/customers/{customerId}", {
  params: { path: { customerId: "cus_does_not_exist" } },
});
console.log(
  JSON.stringify({
    createdId: created.data.id,
    readName: read.data?.displayName,
    createdAt: read.data?.createdAt,
    caseCount: cases.data?.cases.length,
    nextCursor: cases.data?.nextCursor,
    missingStatus: missing.response.status,
    missingCode: missing.error?.error.code,
    requestId: read.response.headers.get("x-request-id"),
  }),
);
`;

let ctx: TestContext;
let ws: WorkspaceFixture;
let baseUrl: string;
let dir: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ws = await createWorkspace(ctx.services);
  await ctx.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  // Inside the node_modules that holds openapi-fetch, so the program resolves it; never committed.
  const fetchClient = require.resolve("openapi-fetch");
  const cache = path.join(
    fetchClient.slice(0, fetchClient.lastIndexOf("node_modules") + "node_modules".length),
    ".cache",
  );
  fs.mkdirSync(cache, { recursive: true });
  dir = fs.mkdtempSync(path.join(cache, "generated-client-"));
});

afterAll(async () => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await ctx?.close();
});

describe("a TypeScript client generated from /openapi.json", () => {
  it("type-checks against the generated types and makes real calls", async () => {
    const spec = await (await fetch(`${baseUrl}/openapi.json`)).json();
    const types = astToString(await openapiTS(spec));
    expect(types).toContain("createCustomer");
    fs.writeFileSync(path.join(dir, "schema.d.ts"), types);
    fs.writeFileSync(path.join(dir, "client.ts"), CLIENT_PROGRAM);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          skipLibCheck: true,
          types: ["node"],
          typeRoots: [path.resolve("node_modules/@types")],
        },
        files: ["client.ts", "schema.d.ts"],
      }),
    );

    // A call the generated types did not allow would fail here, before anything runs.
    const tsc = path.resolve("node_modules/.bin/tsc");
    await run(tsc, ["-p", path.join(dir, "tsconfig.json")]).catch((error: { stdout?: string }) => {
      throw new Error(`the generated client does not type-check:\n${error.stdout ?? String(error)}`);
    });

    const tsx = path.resolve("node_modules/.bin/tsx");
    const { stdout } = await run(tsx, [path.join(dir, "client.ts")], {
      env: { ...process.env, BASE_URL: baseUrl, API_KEY: ws.adminKey },
    });
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    expect(result.createdId).toMatch(/^cus_/);
    expect(result.readName).toBe("Jane Doe");
    expect(new Date(result.createdAt).getTime()).not.toBeNaN();
    expect(result.caseCount).toBe(0);
    expect(result.nextCursor).toBeNull();
    expect(result.missingStatus).toBe(404);
    expect(result.missingCode).toBe("CUSTOMERS_NOT_FOUND");
    expect(result.requestId).toBeTruthy();
    const stored = await ctx.services.customers.get(ws.workspaceId, result.createdId);
    expect(stored.displayName).toBe("Jane Doe");
  }, 120_000);
});
