import { describe, expect, it } from "vitest";
import { renderSnippet, SNIPPET_START, SNIPPET_STOP } from "./render-snippet";

describe("renderSnippet", () => {
  it("returns an empty string for empty input", () => {
    expect(renderSnippet("")).toBe("");
  });

  it("wraps marked words in <mark>", () => {
    expect(renderSnippet(`you can ${SNIPPET_START}return${SNIPPET_STOP} it`)).toBe(
      "you can <mark>return</mark> it",
    );
  });

  it("escapes HTML and script from the content", () => {
    const out = renderSnippet(`<script>alert('x')</script> & ${SNIPPET_START}ok${SNIPPET_STOP}`);
    expect(out).toBe("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; <mark>ok</mark>");
  });

  it("collapses whitespace and newlines", () => {
    expect(renderSnippet(" a\n\n  b ")).toBe("a b");
  });
});
