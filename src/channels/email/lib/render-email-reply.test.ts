import { describe, expect, it } from "vitest";
import { renderEmailReply } from "./render-email-reply";

describe("renderEmailReply", () => {
  it("greets by first name and signs with the retailer", () => {
    const { text } = renderEmailReply({
      customerName: "Maya Lopez",
      body: "Order 1002 is on its way.",
      retailerName: "Northwind",
    });
    expect(text).toBe(
      "Hello Maya,\n\nOrder 1002 is on its way.\n\nKind regards,\nNorthwind customer support",
    );
  });
  it("greets without a name when none is known or it is not a name", () => {
    expect(
      renderEmailReply({ customerName: null, body: "Hi.", retailerName: "N" }).text.startsWith("Hello,\n"),
    ).toBe(true);
    expect(
      renderEmailReply({ customerName: "<>", body: "Hi.", retailerName: "N" }).text.startsWith("Hello,\n"),
    ).toBe(true);
  });
  it("escapes everything in the HTML part", () => {
    const { html } = renderEmailReply({
      customerName: "Eve",
      body: 'You wrote <script>alert("x")</script> & more',
      retailerName: "A<b>",
    });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;");
    expect(html).toContain("A&#60;b&#62;");
  });
});
