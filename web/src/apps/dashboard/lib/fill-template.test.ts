import { describe, expect, it } from "vitest";
import { fillTemplate } from "./fill-template";

describe("fillTemplate", () => {
  it("fills known slots, tolerating spaces inside the braces", () => {
    expect(
      fillTemplate("Hi {{customer.firstName}}, order {{ order }} ships today.", {
        "customer.firstName": "Maya",
        order: "1001",
      }),
    ).toBe("Hi Maya, order 1001 ships today.");
  });

  it("leaves a slot without a value visible rather than blank", () => {
    expect(fillTemplate("Order {{order}} for {{customer.firstName}}", { order: "" })).toBe(
      "Order {{order}} for {{customer.firstName}}",
    );
  });

  it("inserts values as text: a value with braces is not filled again", () => {
    expect(fillTemplate("{{a}} {{b}}", { a: "{{b}}", b: "x" })).toBe("{{b}} x");
  });
});
