import { jsonSchemaTransform } from "fastify-type-provider-zod";
import type { RouteAuth } from "../http.types";

type Transform = typeof jsonSchemaTransform;

function whoMayCall(auth: RouteAuth | undefined, secured: boolean): string {
  if (auth === "public" || !secured) return "No credentials: the caller is identified by the request itself.";
  if (!auth) return "";
  return `Needs a Bearer API key or session token with one of the roles: ${auth.roles.join(", ")}.`;
}

/**
 * Per-route documentation every route gets without writing it: a description from its summary
 * and its auth policy (who may call it), so routes added later are documented the same way.
 */
export const describeRoute: Transform = (input) => {
  const transformed = jsonSchemaTransform(input);
  const schema = transformed.schema as Record<string, unknown>;
  const auth = (input.route?.config as { auth?: RouteAuth } | undefined)?.auth;
  // A public route is documented as one even when its schema forgot to say so.
  if (auth === "public" && schema.security === undefined) schema.security = [];
  const secured = !(Array.isArray(schema.security) && schema.security.length === 0);
  const summary = typeof schema.summary === "string" ? schema.summary : undefined;
  const parts = [
    typeof schema.description === "string" ? schema.description : summary && `${summary}.`,
    whoMayCall(auth, secured),
  ];
  const querystring = schema.querystring as { properties?: Record<string, unknown> } | undefined;
  if (querystring?.properties && "cursor" in querystring.properties) {
    parts.push(
      "Pages with `limit` and `cursor`: pass the previous page's `nextCursor`; it is null on the last page.",
    );
  }
  return { ...transformed, schema: { ...schema, description: parts.filter(Boolean).join("\n\n") } };
};
