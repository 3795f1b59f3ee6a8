import { randomBytes, randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../src/auth/roles";
import { createTestContext, type TestContext } from "./helpers";
import matrix from "./security/authorization-matrix.json";
import { buildFixture, type Fixture } from "./security/matrix-fixtures";
import { fillPath, loadOperations, registeredRoutes, type Operation } from "./security/openapi-operations";

type Expectation = {
  roles: Role[] | "public";
  own: number | number[];
  other?: number;
  ownByRole?: Partial<Record<Role, number>>;
  query?: string;
  body?: unknown;
  /** Path parameters named alike on different resources ({id}): which fixture value each takes. */
  params?: Record<string, string>;
  /** Deletes fixture records other routes point at: checked after every other route. */
  runLast?: boolean;
  /** Routes outside the documented API: the request to send, a url-encoded body. */
  path?: string;
  form?: string;
  /** Served from the web build, which a checkout that has not built it lacks. */
  webBuild?: boolean;
};

const table = matrix.routes as Record<string, Expectation>;

/** Credentials that must never get past authentication. */
const REJECTED_KINDS = ["none", "malformed", "unknown key", "revoked key", "logged-out session"] as const;

let ctx: TestContext;
let own: Fixture;
let other: Fixture;
let operations: Operation[];
const tokens: Record<string, string | undefined> = {};
const checked = { requests: 0, routes: 0, kinds: new Set<string>() };
// Its own /16 per run: on PostgreSQL per-address counters are shared with every other test file.
const addressRange = `10.${randomInt(256)}`;

beforeAll(async () => {
  ctx = await createTestContext();
  own = await buildFixture(ctx.app, ctx.services, "A");
  other = await buildFixture(ctx.app, ctx.services, "B");
  ({ operations } = await loadOperations(ctx.app));
  const auth = ctx.services.auth;
  for (const role of ROLES) {
    tokens[role] = (await auth.createApiKey(own.workspaceId!, { name: `matrix ${role}`, role })).key;
  }
  const revoked = await auth.createApiKey(own.workspaceId!, { name: "matrix revoked", role: "admin" });
  await auth.revokeApiKey(own.workspaceId!, revoked.id);
  tokens["revoked key"] = revoked.key;
  const password = randomBytes(12).toString("base64url");
  const email = `matrix-admin-${randomBytes(4).toString("hex")}@example.com`;
  await auth.createUser(own.workspaceId!, { email, name: "Matrix Admin", role: "admin", password });
  const [workspace] = await ctx.database.query<{ slug: string }>(
    "SELECT slug FROM workspaces WHERE id = $1",
    [own.workspaceId],
  );
  const session = await auth.login(workspace!.slug, email, password);
  await ctx.app.inject({
    method: "POST",
    url: "/api/v1/auth/logout",
    headers: { authorization: `Bearer ${session.token}` },
  });
  tokens["logged-out session"] = session.token;
  tokens["unknown key"] = `tl_${randomBytes(32).toString("base64url")}`;
  tokens.malformed = "Token definitely-not-a-bearer";
});

afterAll(async () => {
  console.log(
    `authorisation matrix: ${checked.routes} routes × ${checked.kinds.size} credential kinds, ${checked.requests} requests checked`,
  );
  await ctx?.close();
});

/** Replaces {placeholders} everywhere in a template; {unique} is fresh on every call. */
function fill(template: unknown, values: Fixture): unknown {
  const text = JSON.stringify(template).replace(/\{(\w+)\}/g, (match, name: string) =>
    name === "unique" ? randomBytes(5).toString("hex") : (values[name] ?? match),
  );
  return JSON.parse(text);
}

/** Values of the other workspace that no answer to this workspace's callers may contain. */
const secretsOf = (fixture: Fixture) =>
  [
    "email",
    "customerId",
    "secondCustomerId",
    "thirdCustomerId",
    "mergeId",
    "caseId",
    "entryId",
    "slug",
    "number",
    "code",
    "sku",
    "keyId",
  ].map((name) => fixture[name]!);

async function send(
  operation: Operation,
  expectation: Expectation,
  values: Fixture,
  token: string | undefined,
) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = token.startsWith("Token ") ? token : `Bearer ${token}`;
  const pathValues = expectation.params
    ? { ...values, ...(fill(expectation.params, values) as Fixture) }
    : values;
  const url =
    fillPath(operation.path, pathValues) + ((fill(expectation.query ?? "", values) as string) || "");
  const body = expectation.body === undefined ? undefined : fill(expectation.body, values);
  checked.requests++;
  const response = await ctx.app.inject({
    // One address per request, so a per-address rate limit cannot turn expected statuses into 429.
    remoteAddress: `${addressRange}.${Math.floor(checked.requests / 250)}.${1 + (checked.requests % 250)}`,
    method: operation.method as "GET",
    url,
    headers,
    ...(body === undefined ? {} : { payload: body as object }),
  });
  // Whatever the status, nothing of the other tenant may come back unless the caller sent it.
  const sentText = url + JSON.stringify(body ?? "");
  for (const secret of secretsOf(other)) {
    if (!sentText.includes(secret))
      expect(response.body, `${operation.key} leaked ${secret}`).not.toContain(secret);
  }
  return response;
}

describe("authorisation matrix: every route × every kind of credential", () => {
  it("has an expectation for every route the app serves, and none for routes that do not exist", () => {
    const served = new Set([...operations.map((operation) => operation.key), ...registeredRoutes(ctx.app)]);
    expect(
      [...served].filter((key) => !table[key]),
      "routes without a matrix entry",
    ).toEqual([]);
    expect(
      Object.keys(table).filter((key) => !served.has(key)),
      "matrix entries for no route",
    ).toEqual([]);
  });

  it("answers every route with the status the table expects", async () => {
    const mismatches: string[] = [];
    const record = (
      operation: Operation,
      kind: string,
      expected: number | number[],
      actual: number,
      detail: string,
    ) => {
      checked.kinds.add(kind);
      const allowed = Array.isArray(expected) ? expected : [expected];
      if (!allowed.includes(actual))
        mismatches.push(
          `${operation.key} [${kind}] expected ${allowed.join("|")}, got ${actual}: ${detail.slice(0, 200)}`,
        );
    };
    const last = (operation: Operation) => (table[operation.key]?.runLast ? 1 : 0);
    for (const operation of [...operations].sort((a, b) => last(a) - last(b))) {
      const expectation = table[operation.key];
      if (!expectation) continue;
      checked.routes++;
      const isPublic = expectation.roles === "public";
      for (const kind of REJECTED_KINDS) {
        const response = await send(operation, expectation, own, tokens[kind]);
        record(operation, kind, isPublic ? expectation.own : 401, response.statusCode, response.body);
      }
      for (const role of ROLES) {
        const permitted = isPublic || (expectation.roles as Role[]).includes(role);
        const response = await send(operation, expectation, own, tokens[role]);
        const expected = permitted ? (expectation.ownByRole?.[role] ?? expectation.own) : 403;
        record(operation, `${role}, own workspace`, expected, response.statusCode, response.body);
      }
      if (expectation.other === undefined) continue;
      for (const role of ROLES) {
        const permitted = isPublic || (expectation.roles as Role[]).includes(role);
        const response = await send(operation, expectation, other, tokens[role]);
        record(
          operation,
          `${role}, other workspace's ids`,
          permitted ? expectation.other : 403,
          response.statusCode,
          response.body,
        );
      }
    }
    expect(mismatches).toEqual([]);
    // Over a hundred routes × thirteen credential kinds, one request at a time.
  }, 600_000);

  it("answers the routes outside the documented API (sockets, storefront, widget, workspace app) with the status the table expects", async () => {
    const documented = new Set(operations.map((operation) => operation.key));
    const built = fs.existsSync(path.resolve(import.meta.dirname, "../web/dist/dashboard/index.html"));
    const mismatches: string[] = [];
    let sent = 0;
    for (const key of registeredRoutes(ctx.app).filter((route) => !documented.has(route))) {
      const expectation = table[key];
      if (!expectation || (expectation.webBuild && !built)) continue;
      const [method, routePath] = key.split(" ") as [string, string];
      const url = expectation.path ?? routePath;
      expect(url, `${key} needs a path to request`).not.toMatch(/[{*]/);
      checked.routes++;
      const isPublic = expectation.roles === "public";
      const expected = (kind: string): number | number[] =>
        (REJECTED_KINDS as readonly string[]).includes(kind)
          ? isPublic
            ? expectation.own
            : 401
          : isPublic || (expectation.roles as string[]).includes(kind)
            ? expectation.own
            : 403;
      for (const kind of [...REJECTED_KINDS, ...ROLES]) {
        const token = tokens[kind];
        const response = await ctx.app.inject({
          method: method as "GET",
          url,
          remoteAddress: `${addressRange}.250.${1 + (sent++ % 250)}`,
          headers: {
            ...(token ? { authorization: token.startsWith("Token ") ? token : `Bearer ${token}` } : {}),
            ...(expectation.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
          },
          ...(expectation.form ? { payload: expectation.form } : {}),
        });
        if (response.statusCode !== expected(kind))
          mismatches.push(
            `${key} [${kind}] expected ${String(expected(kind))}, got ${response.statusCode}: ${response.body.slice(0, 120)}`,
          );
        for (const secret of secretsOf(other))
          expect(response.body, `${key} leaked ${secret}`).not.toContain(secret);
      }
    }
    expect(mismatches).toEqual([]);
    checked.requests += sent;
    expect(sent).toBeGreaterThanOrEqual(9 * (REJECTED_KINDS.length + ROLES.length));
  });
});
