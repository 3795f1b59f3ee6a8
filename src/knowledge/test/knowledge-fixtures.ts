import type { FastifyInstance } from "fastify";
import type { Role } from "../../auth";
import type { Services } from "../../services";

export type Keys = Record<Role, { authorization: string }>;

/** One API key per role in the workspace, as request headers. */
export async function keysFor(services: Services, workspaceId: string): Promise<Keys> {
  const keys = {} as Keys;
  for (const role of ["agent", "supervisor", "admin", "executive"] as const) {
    const { key } = await services.auth.createApiKey(workspaceId, { name: `${role} key`, role });
    keys[role] = { authorization: `Bearer ${key}` };
  }
  return keys;
}

export function api(app: FastifyInstance, headers: { authorization: string }) {
  const call = async (method: "GET" | "POST" | "PATCH", url: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.json() };
  };
  return {
    get: (url: string) => call("GET", url),
    post: (url: string, payload: unknown = {}) => call("POST", url, payload),
    patch: (url: string, payload: unknown) => call("PATCH", url, payload),
  };
}

export const RETURNS_V1 = {
  kind: "policy",
  slug: "return-policy",
  policyType: "returns",
  title: "Return policy",
  category: "returns",
  body: "# Returns\n\nMost items can be returned within **30 days** of delivery.",
  params: { windowDays: 30, categoryWindows: { footwear: 60 }, finalSaleCategories: ["gift-cards"] },
};
