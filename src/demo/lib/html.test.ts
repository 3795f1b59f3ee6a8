import { describe, expect, it } from "vitest";
import { html } from "./html";

describe("html", () => {
  it("escapes interpolated text, including quotes for attributes", () => {
    const title = `<script>alert("x")</script>'`;
    expect(html`<h1 title="${title}">${title}</h1>`.toString()).toBe(
      '<h1 title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;</h1>',
    );
  });

  it("keeps nested html fragments and lists of them as markup", () => {
    const items = ["a&b", "c"].map((item) => html`<li>${item}</li>`);
    // prettier-ignore
    const list = html`<ul>${items}</ul>`;
    expect(list.toString()).toBe("<ul><li>a&amp;b</li><li>c</li></ul>");
  });

  it("renders nothing for null, undefined and false, and numbers as text", () => {
    expect(html`${null}${undefined}${false}${0}${12.5}`.toString()).toBe("012.5");
  });

  it("does not treat a string that looks like markup as safe", () => {
    const fake = { value: "<b>x</b>" };
    expect(html`${String(fake.value)}`.toString()).toBe("&lt;b&gt;x&lt;/b&gt;");
  });
});
