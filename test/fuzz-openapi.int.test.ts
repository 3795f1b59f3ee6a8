import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoWorkspace } from "../src/demo/demo-seed";
import { createTestContext, type TestContext } from "./helpers";
import { snapshotWorkspace } from "./security/data-snapshot";
import {
  hostileBody,
  hostileId,
  hostileQuery,
  hostileShaped,
  type HostileBody,
} from "./security/hostile-arbitraries";
import {
  fillPath,
  loadOperations,
  type JsonSchema,
  type OpenApiDocument,
  type Operation,
} from "./security/openapi-operations";
import { sendRaw } from "./security/raw-http";

/** At least this many in-process requests per run, spread evenly over every documented operation. */
const MIN_REQUESTS = 5_000;
const SOCKET_REQUESTS = 300;
const REQUEST_TIMEOUT_MS = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

let ctx: TestContext;
let spec: OpenApiDocument;
let operations: Operation[];
let adminKey: string;
let workspaceId: string;
let before: Record<string, string>;
const sent = { inject: 0, socket: 0 };

beforeAll(async () => {
  ctx = await createTestContext();
  // Its own copy of the demo retailer: on PostgreSQL, test files share one database.
  const demo = await ensureDemoWorkspace(ctx.services, { slug: `fuzz-${randomBytes(4).toString("hex")}` });
  if (!demo.credentials) throw new Error("the fuzzer's demo workspace already existed");
  adminKey = demo.credentials.apiKey;
  workspaceId = demo.workspaceId;
  ({ spec, operations } = await loadOperations(ctx.app));
  before = await snapshotWorkspace(ctx.database, workspaceId);
});

afterAll(async () => {
  console.log(
    `fuzzed ${sent.inject + sent.socket} hostile requests (${sent.inject} in-process over ${operations?.length} operations, ${sent.socket} over a socket), seed ${SEED}`,
  );
  await ctx?.close();
});

type Credential = "admin" | "none" | "garbage";

const garbageAuthorization = fc.oneof(
  fc.constantFrom("Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "bearer tl_", "Bearer " + "x".repeat(5_000)),
  fc.stringMatching(/^Bearer tls?_[A-Za-z0-9_-]{10,60}$/),
  fc
    .string({ unit: "binary-ascii", maxLength: 80 })
    .map((value) => `Bearer ${value.replace(/[^\x20-\x7e]/g, "")}`),
);

/**
 * Calls that change data when sent with no input at all (log out, rotate a secret with its default
 * overlap) succeed by design when authorised, so the fuzzer only sends them unauthorised.
 */
const takesNoInput = (operation: Operation) =>
  operation.method !== "GET" &&
  (!operation.bodyRequired || !resolveSchema(operation.body)?.required?.length) &&
  operation.pathParams.length === 0 &&
  operation.queryParams.every((parameter) => !parameter.required);

/** An operation's body schema with its $ref followed, to see whether any field is required. */
function resolveSchema(schema: JsonSchema | undefined): JsonSchema | undefined {
  const name = schema?.$ref?.split("/").pop();
  return name ? spec.components?.schemas?.[name] : schema;
}

function hostileRequest(operation: Operation) {
  const credentials: Credential[] =
    operation.isPublic || takesNoInput(operation)
      ? ["none", "garbage"]
      : ["admin", "admin", "none", "garbage"];
  const ids = fc.record(
    Object.fromEntries(operation.pathParams.map((parameter) => [parameter.name, hostileId])),
  );
  return fc.record({
    credential: fc.constantFrom(...credentials),
    garbage: garbageAuthorization,
    ids: ids as fc.Arbitrary<Record<string, string>>,
    query: hostileQuery(operation),
    body:
      operation.method === "GET"
        ? fc.constant(undefined)
        : fc.option(hostileBody(operation, spec), { nil: undefined, freq: 8 }),
    viaApiKeyHeader: fc.boolean(),
  });
}

/** Ids that exist in the demo workspace, by the path parameter names the API uses. */
async function realIds(): Promise<Record<string, string[]>> {
  const column = async (sql: string) =>
    (await ctx.database.query<{ v: string }>(sql, [workspaceId])).map((row) => String(row.v));
  return {
    customerId: await column("SELECT id AS v FROM customers WHERE workspace_id = $1 LIMIT 3"),
    caseId: await column("SELECT id AS v FROM cases WHERE workspace_id = $1 LIMIT 3"),
    entryId: await column("SELECT id AS v FROM kb_entries WHERE workspace_id = $1 LIMIT 3"),
    slug: await column("SELECT slug AS v FROM kb_entries WHERE workspace_id = $1 LIMIT 3"),
    number: await column("SELECT number AS v FROM retail_orders WHERE workspace_id = $1 LIMIT 3"),
    code: await column("SELECT code AS v FROM retail_stores WHERE workspace_id = $1 LIMIT 3"),
    productId: await column("SELECT external_id AS v FROM retail_products WHERE workspace_id = $1 LIMIT 3"),
    sku: await column("SELECT sku AS v FROM retail_variants WHERE workspace_id = $1 LIMIT 3"),
    version: ["1", "2"],
    policyType: ["returns", "shipping"],
  };
}

/**
 * A different client address per request: per-address rate limits would otherwise answer most
 * of the run with 429 (which passes "no 5xx" but fuzzes nothing behind the limiter).
 */
const anyAddress = () =>
  `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_resolve, reject) =>
      setTimeout(
        () => reject(new Error(`${what}: no answer within ${REQUEST_TIMEOUT_MS} ms`)),
        REQUEST_TIMEOUT_MS,
      ),
    ),
  ]);
}

async function inject(
  operation: Operation,
  request: ReturnType<typeof hostileRequest> extends fc.Arbitrary<infer R> ? R : never,
) {
  const headers: Record<string, string> = {};
  const token =
    request.credential === "admin"
      ? `Bearer ${adminKey}`
      : request.credential === "garbage"
        ? request.garbage
        : undefined;
  if (token && request.viaApiKeyHeader) headers["x-api-key"] = token.replace(/^Bearer /, "");
  else if (token) headers.authorization = token;
  const body: HostileBody | undefined = request.body;
  if (body) headers["content-type"] = body.contentType ?? "application/json";
  const url = fillPath(operation.path, request.ids, false) + request.query;
  sent.inject++;
  const response: LightMyRequestResponse = await withTimeout(
    ctx.app.inject({
      remoteAddress: anyAddress(),
      method: operation.method as "GET",
      url,
      headers,
      ...(body ? { payload: body.payload } : {}),
    }),
    `${operation.method} ${url.slice(0, 200)}`,
  );
  return { url, response };
}

describe("fuzzing every operation in /openapi.json with hostile requests", () => {
  it("never answers 5xx or hangs, and refuses every broken body", async () => {
    const runsPerOperation = Math.ceil(MIN_REQUESTS / operations.length);
    for (const [index, operation] of operations.entries()) {
      await fc.assert(
        fc.asyncProperty(hostileRequest(operation), async (request) => {
          const { url, response } = await inject(operation, request);
          const where = `${operation.method} ${url.slice(0, 300)} [${request.credential}, ${request.body?.kind ?? "no body"}]`;
          expect(response.statusCode, `${where}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
          // Every body is broken and every id names nothing: a success here would mean a hole.
          if (operation.method !== "GET" && (request.body || operation.pathParams.length > 0)) {
            expect(response.statusCode, where).toBeGreaterThanOrEqual(400);
          }
        }),
        { numRuns: runsPerOperation, seed: SEED + index, endOnFailure: true },
      );
    }
    expect(sent.inject).toBeGreaterThanOrEqual(MIN_REQUESTS);
  });

  it("reaches the handlers of read-only operations with real ids and hostile input, never 5xx", async () => {
    const real = await realIds();
    const admin = { authorization: `Bearer ${adminKey}` };
    const reads = operations.filter(
      (operation) => operation.method === "GET" && operation.pathParams.length > 0,
    );
    for (const [index, operation] of reads.entries()) {
      const ids = fc.record(
        Object.fromEntries(
          operation.pathParams.map((parameter) => {
            const known = real[parameter.name] ?? [];
            return [
              parameter.name,
              known.length > 0 ? fc.constantFrom(...known.map(encodeURIComponent)) : hostileId,
            ];
          }),
        ),
      ) as fc.Arbitrary<Record<string, string>>;
      await fc.assert(
        fc.asyncProperty(ids, hostileQuery(operation), async (values, query) => {
          const url = fillPath(operation.path, values, false) + query;
          sent.inject++;
          const response = await withTimeout(
            ctx.app.inject({ url, headers: admin, remoteAddress: anyAddress() }),
            url,
          );
          expect(
            response.statusCode,
            `GET ${url.slice(0, 300)}: ${response.body.slice(0, 300)}`,
          ).toBeLessThan(500);
        }),
        { numRuns: 30, seed: SEED + 1_000 + index, endOnFailure: true },
      );
    }
    // Tools that change nothing run with hostile input shaped by each tool's own input schema.
    const listed = (await ctx.app.inject({ url: "/api/v1/tools", headers: admin })).json() as {
      tools: { name: string; mutates: boolean; input: JsonSchema }[];
    };
    for (const [index, tool] of listed.tools.filter((candidate) => !candidate.mutates).entries()) {
      await fc.assert(
        fc.asyncProperty(hostileShaped(tool.input, spec), async (input) => {
          sent.inject++;
          const response = await withTimeout(
            ctx.app.inject({
              remoteAddress: anyAddress(),
              method: "POST",
              url: `/api/v1/tools/${tool.name}`,
              headers: admin,
              payload: { input } as object,
            }),
            tool.name,
          );
          expect(
            response.statusCode,
            `${tool.name} ${JSON.stringify(input).slice(0, 300)}: ${response.body.slice(0, 300)}`,
          ).toBeLessThan(500);
        }),
        { numRuns: 60, seed: SEED + 2_000 + index, endOnFailure: true },
      );
    }
  });

  it(
    "answers malformed raw HTTP over a real socket with 4xx, never 5xx or a hang",
    async () => {
      await ctx.app.listen({ port: 0, host: "127.0.0.1" });
      const { port } = ctx.app.server.address() as AddressInfo;
      const bodyOps = operations.filter((operation) => operation.body);
      const rawRequest = fc.oneof(
        // Invalid UTF-8, control bytes and NUL straight in the request target.
        fc
          .tuple(fc.constantFrom(...operations), fc.uint8Array({ minLength: 1, maxLength: 12 }))
          .map(([operation, bytes]) =>
            Buffer.concat([
              Buffer.from(`${operation.method} ${fillPath(operation.path, {}, false).replace(/x$/, "")}`),
              Buffer.from(
                bytes.map((byte) => (byte === 0x20 || byte === 0x0a || byte === 0x0d ? 0xff : byte)),
              ),
              Buffer.from(
                `?q=\xff HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${adminKey}\r\nconnection: close\r\n\r\n`,
                "latin1",
              ),
            ]),
          ),
        // Oversized and binary header values.
        fc
          .tuple(fc.constantFrom(...operations), fc.integer({ min: 17_000, max: 80_000 }))
          .map(([operation, size]) =>
            Buffer.from(
              `${operation.method} ${fillPath(operation.path, {})} HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(size)}\r\nconnection: close\r\n\r\n`,
            ),
          ),
        // Garbage credentials on operations that need real ones.
        fc
          .tuple(
            fc.constantFrom(...operations.filter((operation) => !operation.isPublic)),
            fc.uint8Array({ minLength: 1, maxLength: 40 }),
          )
          .map(([operation, bytes]) =>
            Buffer.concat([
              Buffer.from(
                `${operation.method} ${fillPath(operation.path, {})} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer `,
              ),
              Buffer.from(bytes.map((byte) => (byte < 0x20 || byte === 0x7f ? 0x80 | byte : byte))),
              Buffer.from("\r\nconnection: close\r\n\r\n"),
            ]),
          ),
        // Invalid UTF-8 and oversized JSON bodies with valid credentials.
        fc
          .tuple(fc.constantFrom(...bodyOps), fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.boolean())
          .map(([operation, bytes, huge]) => {
            const body = huge
              ? Buffer.from(`{"x":"${"y".repeat(1_200_000)}"}`)
              : Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xff, ...bytes]), Buffer.from('"}')]);
            return Buffer.concat([
              Buffer.from(
                `${operation.method} ${fillPath(operation.path, {})} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${adminKey}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`,
              ),
              body,
            ]);
          }),
        // Not HTTP at all, or a request line that lies.
        fc.constantFrom(
          Buffer.from("\x00\x01\x02\x03\r\n\r\n", "latin1"),
          Buffer.from("GET / HTTP/9.9\r\n\r\n"),
          Buffer.from("GET /health HTTP/1.1\r\nhost: x\r\ncontent-length: -1\r\nconnection: close\r\n\r\n"),
          Buffer.from(
            "POST /api/v1/auth/login HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\ncontent-length: 5\r\nconnection: close\r\n\r\n0\r\n\r\n",
          ),
          Buffer.from(
            "POST /api/v1/auth/login HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\ncontent-type: application/json\r\nconnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
          ),
        ),
      );
      await fc.assert(
        fc.asyncProperty(rawRequest, async (request) => {
          sent.socket++;
          const response = await sendRaw(port, request, REQUEST_TIMEOUT_MS);
          const head = request.subarray(0, 120).toString("latin1");
          // Refusing an oversized request before reading all of it resets the connection, which
          // can discard the 413/431 before the client reads it; a reset is neither a 5xx nor a hang.
          if (response.status === undefined && request.length > 16_384) return;
          expect(response.status, head).toBeDefined();
          expect(response.status, head).toBeLessThan(500);
          expect(response.status, head).toBeGreaterThanOrEqual(400);
        }),
        { numRuns: SOCKET_REQUESTS, seed: SEED, endOnFailure: true },
      );
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
    },
  );

  it("leaves the server healthy and the demo data unchanged", async () => {
    const health = await ctx.app.inject({ url: "/health" });
    expect(health.json()).toMatchObject({ status: "ok", database: "ok" });
    const me = await ctx.app.inject({
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(me.statusCode).toBe(200);
    const after = await snapshotWorkspace(ctx.database, workspaceId);
    expect(Object.keys(after)).toEqual(
      expect.arrayContaining(["customers", "retail_orders", "cases", "messages"]),
    );
    expect(after, `data changed (replay with FUZZ_SEED=${SEED})`).toEqual(before);
  });
});
