import path from "node:path";
import { parse } from "yaml";
import type { NewEntry } from "../knowledge.types";
import { frontMatterSchema, MAX_BODY_CHARS, SLUG_PATTERN } from "./markdown-file.schema";

export type FileProblem = { path: string; field?: string; message: string };
export type ParsedFile = { ok: true; entry: NewEntry } | { ok: false; problem: FileProblem };

const FENCE = /^---[ \t]*\r?\n/;
const CLOSING = /\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Reads one `.md` file with YAML front matter into an entry. The body is everything after the
 * closing `---` line (one blank line after it is dropped), kept byte for byte otherwise.
 */
export function parseMarkdownFile(filePath: string, content: string): ParsedFile {
  const fail = (message: string, field?: string): ParsedFile => ({
    ok: false,
    problem: { path: filePath, message, ...(field ? { field } : {}) },
  });
  if (!FENCE.test(content)) return fail("the file must start with a '---' front-matter block");
  const afterFence = content.replace(FENCE, "");
  const closing = CLOSING.exec(afterFence);
  if (!closing) return fail("the front matter is not closed by a '---' line");
  const yamlText = afterFence.slice(0, closing.index);
  let body = afterFence.slice(closing.index + closing[0].length);
  body = body.replace(/^\r?\n/, "");

  let data: unknown;
  try {
    data = parse(yamlText, { uniqueKeys: true, maxAliasCount: 20, prettyErrors: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "unreadable";
    return fail(`the front matter is not valid YAML: ${reason}`);
  }
  const parsed = frontMatterSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue?.code === "unrecognized_keys" ? issue.keys : [];
    const field = [...(issue?.path ?? []).map(String), ...keys.slice(0, 1)].join(".") || undefined;
    const message =
      issue?.code === "unrecognized_keys" ? "unknown front-matter field" : (issue?.message ?? "invalid");
    return fail(`${field ?? "front matter"}: ${message}`, field);
  }
  if (body.length > MAX_BODY_CHARS)
    return fail(`the body is longer than ${MAX_BODY_CHARS} characters`, "body");

  const meta = parsed.data;
  const slug = meta.slug ?? path.basename(filePath).replace(/\.md$/i, "").toLowerCase();
  if (!SLUG_PATTERN.test(slug) || slug.length > 120) {
    return fail("slug: no slug in the front matter and the file name is not a valid slug", "slug");
  }
  return {
    ok: true,
    entry: {
      slug,
      kind: meta.kind,
      policyType: meta.policy_type ?? null,
      title: meta.title,
      body,
      category: meta.category ?? null,
      locale: meta.locale,
      channels: meta.channels,
      scope: meta.scope,
      params: meta.params,
      effectiveFrom: meta.effective_from ?? null,
      effectiveTo: meta.effective_to ?? null,
      changeNote: meta.change_note,
    },
  };
}
