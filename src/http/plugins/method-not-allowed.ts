import type { FastifyInstance } from "fastify";

type KnownPath = { pattern: RegExp; methods: Set<string> };

/** `/api/v1/cases/:caseId` → a pattern matching one concrete path of that shape. */
function patternFor(url: string): RegExp {
  const source = url
    .split("/")
    .map((segment) => {
      if (segment.startsWith(":")) return "[^/]+";
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${source}/?$`);
}

/**
 * Remembers every route as it is added, so a request whose path exists under other methods is
 * told which ones (405 with Allow) instead of hearing that the path does not exist.
 */
export function trackAllowedMethods(app: FastifyInstance): (path: string) => string[] {
  const known = new Map<string, KnownPath>();
  app.addHook("onRoute", (route) => {
    // A catch-all would make every path "known"; those stay 404.
    if (route.url.includes("*")) return;
    let entry = known.get(route.url);
    if (!entry) known.set(route.url, (entry = { pattern: patternFor(route.url), methods: new Set() }));
    for (const method of [route.method].flat()) entry.methods.add(method);
  });
  return (path) => {
    const allowed = new Set<string>();
    for (const entry of known.values()) {
      if (entry.pattern.test(path)) for (const method of entry.methods) allowed.add(method);
    }
    return [...allowed].sort();
  };
}
