/** Where the versioned API lives; the id says what an operation does, not which version it is in. */
const API_PREFIX = /^\/api\/v\d+/;

const pascal = (segment: string) =>
  segment
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("");

/** Words that end in s without being plurals. */
const INVARIABLE = /(sms|news|series|status|analytics|ss)$/i;

export function singular(word: string): string {
  if (INVARIABLE.test(word)) return word;
  if (/ies$/.test(word)) return word.replace(/ies$/, "y");
  if (/(ss|x|ch|sh)es$/.test(word)) return word.replace(/es$/, "");
  if (/[^su]s$/.test(word)) return word.slice(0, -1);
  return word;
}

const isParam = (segment: string) => segment.startsWith("{") || segment.startsWith(":");
const isPlural = (word: string) => singular(word) !== word;

/**
 * A deterministic operationId from method and path, so routes nobody named still get a stable,
 * readable one: GET /cases → listCases, GET /cases/{caseId} → getCase, POST /cases/{caseId}/messages
 * → createCaseMessage, POST …/versions/{version}/publish → publishKnowledgeEntryVersion.
 * `returnsList` tells a collection read (list…) from a single resource (get…).
 */
export function deriveOperationId(method: string, path: string, returnsList: boolean): string {
  const segments = path.replace(API_PREFIX, "").split("/").filter(Boolean);
  const last = segments.at(-1) ?? "";
  const endsWithParam = isParam(last);
  const verb = method.toLowerCase();
  const lastStatic = endsWithParam ? undefined : last;
  // POST to a singular word after the resource is an action on it: /cases/{id}/pickup → pickupCase.
  const action =
    verb === "post" && lastStatic && !isPlural(lastStatic) && segments.length > 1 ? lastStatic : undefined;
  const nouns = segments.filter((segment) => !isParam(segment));
  if (action) nouns.pop();
  const words = nouns.map((noun, index) => {
    const next = segments[segments.indexOf(noun) + 1];
    const isLast = index === nouns.length - 1;
    // A collection followed by one of its ids names one item; the last word is singular unless listing.
    if (next !== undefined && isParam(next)) return singular(noun);
    if (isLast && !action && verb !== "get" && !(verb === "put" || verb === "patch")) return singular(noun);
    return noun;
  });
  const subject = words.map(pascal).join("") || "Root";
  if (action) return `${action.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())}${subject}`;
  const prefix: Record<string, string> = {
    get: endsWithParam || !returnsList ? "get" : "list",
    post: endsWithParam ? "post" : "create",
    put: "set",
    patch: "update",
    delete: "delete",
    head: "head",
    options: "options",
  };
  return `${prefix[verb] ?? verb}${subject}`;
}

/** Makes every id unique, keeping the first as it is and qualifying later ones by their parameters. */
export function uniqueOperationIds(wanted: { key: string; id: string; path: string }[]): Map<string, string> {
  const taken = new Set<string>();
  const result = new Map<string, string>();
  for (const entry of wanted) {
    let id = entry.id;
    if (taken.has(id)) {
      const params = entry.path
        .split("/")
        .filter(isParam)
        .map((segment) => pascal(segment));
      id = params.length > 0 ? `${id}By${params.join("And")}` : id;
      for (let n = 2; taken.has(id); n++) id = `${entry.id}${n}`;
    }
    taken.add(id);
    result.set(entry.key, id);
  }
  return result;
}
