import { describe, expect, it } from "vitest";
import { formatMarkdownFile } from "./format-markdown-file";
import { parseMarkdownFile } from "./parse-markdown-file";

const file = (front: string, body = "Body text\n") => `---\n${front}\n---\n\n${body}`;

describe("parseMarkdownFile", () => {
  it("reads front matter and body", () => {
    const parsed = parseMarkdownFile(
      "policies/returns.md",
      file("kind: policy\npolicy_type: returns\ntitle: Returns\nparams:\n  windowDays: 30"),
    );
    expect(parsed).toMatchObject({
      ok: true,
      entry: {
        slug: "returns",
        kind: "policy",
        policyType: "returns",
        title: "Returns",
        body: "Body text\n",
      },
    });
  });

  it("takes the slug from the file name when the front matter has none", () => {
    const parsed = parseMarkdownFile("articles/Gift-Cards.md", file("kind: article\ntitle: Gift cards"));
    expect(parsed.ok && parsed.entry.slug).toBe("gift-cards");
  });

  it("refuses a file without front matter", () => {
    expect(parseMarkdownFile("a.md", "# Just markdown")).toMatchObject({ ok: false });
  });

  it("refuses unclosed front matter", () => {
    expect(parseMarkdownFile("a.md", "---\nkind: article\ntitle: x\n")).toMatchObject({
      ok: false,
      problem: { message: expect.stringContaining("not closed") },
    });
  });

  it("refuses invalid YAML", () => {
    expect(parseMarkdownFile("a.md", file("kind: [article\ntitle: x"))).toMatchObject({
      ok: false,
      problem: { message: expect.stringContaining("not valid YAML") },
    });
  });

  it("names an unknown or malformed front-matter field", () => {
    expect(parseMarkdownFile("a.md", file("kind: article\ntitle: x\ncolour: red"))).toMatchObject({
      ok: false,
      problem: { field: "colour" },
    });
    expect(parseMarkdownFile("a.md", file("kind: essay\ntitle: x"))).toMatchObject({
      ok: false,
      problem: { field: "kind" },
    });
    expect(
      parseMarkdownFile("a.md", file("kind: article\ntitle: x\neffective_from: next tuesday")),
    ).toMatchObject({ ok: false, problem: { field: "effective_from" } });
  });

  it("round-trips what formatMarkdownFile writes, body byte for byte", () => {
    const body = "\n# Returns\n\nWe take back <b>most</b> items.\n<script>alert(1)</script>\n---\nmore";
    const now = new Date("2026-01-01T00:00:00Z");
    const written = formatMarkdownFile(
      { id: "kb_1", kind: "policy", slug: "returns", policyType: "returns", createdAt: now, updatedAt: now },
      {
        id: "kbv_1",
        entryId: "kb_1",
        version: 3,
        status: "published",
        title: "Returns: the rules",
        body,
        category: "returns",
        channels: ["web_chat", "email"],
        locale: "en",
        scope: { stores: [], regions: ["US-NY"], categories: [] },
        params: { windowDays: 30, categoryWindows: { shoes: 60 } },
        effectiveFrom: now,
        effectiveTo: new Date("2026-12-31T00:00:00Z"),
        author: "usr_1",
        changeNote: "longer window for shoes",
        basedOnVersion: 2,
        createdAt: now,
        updatedAt: now,
        submittedAt: null,
        publishedAt: now,
        publishedBy: "usr_1",
        supersededAt: null,
        archivedAt: null,
      },
    );
    expect(written.path).toBe("policies/returns.md");
    const parsed = parseMarkdownFile(written.path, written.content);
    expect(parsed).toEqual({
      ok: true,
      entry: {
        slug: "returns",
        kind: "policy",
        policyType: "returns",
        title: "Returns: the rules",
        body,
        category: "returns",
        locale: "en",
        channels: ["web_chat", "email"],
        scope: { stores: [], regions: ["US-NY"], categories: [] },
        params: { windowDays: 30, categoryWindows: { shoes: 60 } },
        effectiveFrom: now,
        effectiveTo: new Date("2026-12-31T00:00:00Z"),
        changeNote: "longer window for shoes",
      },
    });
  });
});
