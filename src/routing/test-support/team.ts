import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { TestContext, WorkspaceFixture } from "../../../test/helpers";

export type Member = { userId: string; token: string; headers: { authorization: string } };

/** A staff user signed in with a session: the only kind of caller that has presence and picks cases up. */
export async function signIn(t: TestContext, ws: WorkspaceFixture, name: string, role: "agent" | "supervisor" = "agent"): Promise<Member> {
  const password = randomBytes(12).toString("base64url");
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${randomBytes(3).toString("hex")}@staff.example`;
  const user = await t.services.auth.createUser(ws.workspaceId, { email, name, role, password });
  const session = await t.services.auth.login(ws.slug, email, password);
  return { userId: user.id, token: session.token, headers: { authorization: `Bearer ${session.token}` } };
}

/** One API call; asserts the status and returns the JSON body. */
export async function api<T = Record<string, unknown>>(
  t: TestContext,
  headers: { authorization: string },
  method: "GET" | "POST" | "PUT" | "PATCH",
  url: string,
  payload?: unknown,
  status = 200,
): Promise<T> {
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
  return response.json() as T;
}
