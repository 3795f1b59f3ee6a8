import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, scanLogs, type LogCapture } from "./log-scan";
import type { FastifyInstance } from "fastify";
import { systemClock } from "../src/core/clock";
import type { Database } from "../src/db/client";
import { buildApp } from "../src/http/app";
import { createServices, type Services } from "../src/services";
import {
  createTestDatabase,
  createWorkspace,
  TEST_CONFIG,
  TEST_LIMITS,
  type WorkspaceFixture,
} from "./helpers";

const person = {
  email: "maya.chen.logscan@example.com",
  phone: "+44 7911 123456",
  usPhone: "+1 415 555 2671",
  name: "Maya Logscan-Chen",
  street: "221b Baker Street",
  password: "correct horse battery staple",
  wrongPassword: "tr0ub4dor&3-wrong",
};

let capture: LogCapture;
let ctx: { app: FastifyInstance; services: Services; database: Database };
let ws: WorkspaceFixture;

beforeAll(async () => {
  capture = captureLogs("trace");
  const database = await createTestDatabase();
  const services = createServices({ database, clock: systemClock, config: TEST_CONFIG });
  ctx = {
    database,
    services,
    app: await buildApp({ services, logger: capture.logger, limits: TEST_LIMITS }),
  };
  // A route that fails inside the database with personal data in its parameters, the way a
  // constraint violation or a bad cast does in production code.
  ctx.app.post("/log-scan/failing-query", { config: { auth: "public" } }, async () => {
    await ctx.services.db.execute(sql`SELECT ${person.email}::uuid, ${person.street}::int, ${person.phone}`);
    return { ok: true };
  });
  ctx.app.post("/log-scan/failing-raw-query", { config: { auth: "public" } }, async () => {
    await ctx.services.database.query("SELECT $1::int AS n", [person.name]);
    return { ok: true };
  });
  await ctx.app.ready();
  ws = await createWorkspace(ctx.services);
});
afterAll(async () => {
  await ctx?.app.close();
  await ctx?.database.close();
});

async function realisticRun(): Promise<void> {
  const { app } = ctx;
  const headers = ws.headers;
  const post = (url: string, payload: unknown) =>
    app.inject({ method: "POST", url, headers, payload: payload as object });
  // Staff: create a user, log in wrong and right, create a duplicate.
  const user = { email: person.email, name: person.name, role: "agent", password: person.password };
  expect(
    (await app.inject({ method: "POST", url: "/api/v1/users", headers, payload: user })).statusCode,
  ).toBe(201);
  const duplicate = await app.inject({ method: "POST", url: "/api/v1/users", headers, payload: user });
  expect(duplicate.statusCode).toBeGreaterThanOrEqual(400);
  const login = (password: string) =>
    app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { workspace: ws.slug, email: person.email, password },
    });
  expect((await login(person.wrongPassword)).statusCode).toBe(401);
  const session = await login(person.password);
  expect(session.statusCode).toBe(200);
  const token = (session.json() as { token: string }).token;
  // Bad and good credentials.
  const badKey = `${ws.adminKey.slice(0, 10)}Xnot-a-real-key-at-all`;
  expect(
    (
      await app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { authorization: `Bearer ${badKey}` },
      })
    ).statusCode,
  ).toBe(401);
  expect(
    (
      await app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { authorization: `Bearer ${token}` },
      })
    ).statusCode,
  ).toBe(200);
  const newKey = await app.inject({
    method: "POST",
    url: "/api/v1/api-keys",
    headers,
    payload: { name: "logscan" },
  });
  expect(newKey.statusCode).toBe(201);
  // Customers: create one and search by email and phone (query strings).
  const customer = await post("/api/v1/customers", {
    displayName: person.name,
    identities: [
      { kind: "email", value: person.email },
      { kind: "phone", value: person.phone },
    ],
  });
  expect(customer.statusCode).toBe(201);
  for (const search of [person.email, person.phone, person.usPhone]) {
    const found = await app.inject({
      method: "GET",
      url: `/api/v1/customers?search=${encodeURIComponent(search)}`,
      headers,
    });
    expect(found.statusCode).toBe(200);
  }
  // Invalid input carrying personal data.
  const invalid = await post("/api/v1/customers", {
    displayName: person.name,
    identities: [{ kind: "email", value: person.email, extra: person.street }],
  });
  expect(invalid.statusCode).toBe(400);
  // Failed queries with personal data in their parameters.
  expect((await app.inject({ method: "POST", url: "/log-scan/failing-query" })).statusCode).toBe(500);
  expect((await app.inject({ method: "POST", url: "/log-scan/failing-raw-query" })).statusCode).toBe(500);
  // An agent conversation with an address and phone numbers.
  const message = await post("/api/v1/channels/rest/messages", {
    sender: [{ kind: "email", value: person.email }],
    displayName: person.name,
    text: `Please change the delivery to ${person.street}, London and call me on ${person.phone}`,
  });
  expect(message.statusCode).toBe(201);
  // An import of orders with shipping addresses.
  const imported = await post("/api/v1/imports/orders", {
    records: [
      {
        number: "LS-1001",
        status: "processing",
        customer: { email: person.email, name: person.name },
        shippingAddress: {
          name: person.name,
          line1: person.street,
          city: "London",
          postalCode: "NW1 6XE",
          country: "GB",
        },
        lines: [{ id: "1", sku: "TEE-1", title: "Tee", quantity: 1, unitPrice: 20 }],
      },
    ],
  });
  expect(imported.statusCode).toBeLessThan(300);
}

describe("log scan", () => {
  it("finds what it is meant to find", () => {
    const findings = scanLogs(
      [
        JSON.stringify({ msg: "x", email: "someone@example.com" }),
        JSON.stringify({ msg: "call +44 7911 123456" }),
        JSON.stringify({ msg: "ship to 221b Baker St" }),
        JSON.stringify({ key: "tl_abcdefghijklmnop" }),
        JSON.stringify({ hash: "scrypt$16384$8$1$salt$key" }),
        JSON.stringify({ msg: "a known secret value" }),
      ],
      ["known secret"],
    );
    expect(new Set(findings.map((f) => f.kind))).toEqual(
      new Set(["email", "phone", "address", "api key or session token", "password hash", "known value"]),
    );
  });

  it("finds no email, phone, address, key, token, hash or password in the logs of a realistic run", async () => {
    await realisticRun();
    const lines = capture.lines();
    // The run was logged: requests, the failed queries and their errors.
    expect(lines.filter((l) => l.includes("incoming request")).length).toBeGreaterThan(10);
    const failures = lines.filter((l) => /"statusCode":500/.test(l) || /"level":50/.test(l));
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(lines.some((l) => l.includes("database query failed"))).toBe(true);
    const findings = scanLogs(lines, [
      person.password,
      person.wrongPassword,
      person.name,
      person.street,
      person.email,
      "7911",
      ws.adminKey,
    ]);
    expect(findings.map((f) => `${f.kind}: ${f.value} in ${f.line.slice(0, 300)}`)).toEqual([]);
  });
});
