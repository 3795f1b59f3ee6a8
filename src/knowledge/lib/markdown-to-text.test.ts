import { describe, expect, it } from "vitest";
import { markdownToText } from "./markdown-to-text";

describe("markdownToText", () => {
  it("returns an empty string for empty input", () => {
    expect(markdownToText("")).toBe("");
  });

  it("drops headings, emphasis, list markers and link targets", () => {
    const text = markdownToText("# Returns\n\n- **Shoes**: 60 days\n- see [the form](https://x.example/f)\n");
    expect(text).toBe("Returns\n\nShoes: 60 days\nsee the form");
  });

  it("drops HTML tags and script bodies so they are neither indexed nor quoted", () => {
    const text = markdownToText('Hello <b>there</b><script>alert("x")</script> friend');
    expect(text).not.toContain("<");
    expect(text).not.toContain("alert");
    expect(text).toContain("there");
  });

  it("keeps table cell text", () => {
    expect(markdownToText("| cat | days |\n|---|---|\n| shoes | 60 |")).toBe("cat days \n\n shoes 60");
  });

  it("keeps words with underscores intact", () => {
    expect(markdownToText("use order_changes here")).toBe("use order_changes here");
  });
});
