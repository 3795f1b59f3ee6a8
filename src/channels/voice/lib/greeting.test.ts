import { describe, expect, it } from "vitest";
import { greeting, orderOfCase } from "./greeting";

const base = { businessName: "Northwind", recognised: true, orderNumber: null, displayName: "Maya Chen" };
const turn = (entities: { type: string; value: string }[], resolved: Record<string, string> = {}) => ({
  understanding: { entities, resolved },
});

describe("greeting", () => {
  it("greets a recognised caller by first name and asks about the open case's order", () => {
    expect(greeting({ ...base, orderNumber: "1002" })).toBe("Hi Maya, is this about order 1002?");
  });

  it("never says a surname, and says no name for an unrecognised caller", () => {
    expect(greeting(base)).toBe("Hi Maya, thanks for calling Northwind. How can I help today?");
    expect(greeting({ ...base, recognised: false, orderNumber: "1002" })).toBe(
      "Hi, thanks for calling Northwind. How can I help today?",
    );
  });

  it("does not read out a display name that is an address, a number or markup", () => {
    for (const displayName of ["maya@example.com", "+14155550123", "<b>x</b>", "", null])
      expect(greeting({ ...base, displayName })).toBe("Hi, thanks for calling Northwind. How can I help today?");
  });
});

describe("orderOfCase", () => {
  it("prefers the case's own order reference", () => {
    expect(orderOfCase("1001", [turn([{ type: "order_number", value: "1002" }])])).toBe("1001");
  });

  it("takes the latest order the conversation named or resolved", () => {
    expect(
      orderOfCase(null, [turn([{ type: "order_number", value: "1001" }]), turn([], { orderNumber: "1002 (from the conversation)" })]),
    ).toBe("1002");
    expect(orderOfCase(null, [turn([{ type: "order_number", value: "1003" }]), turn([])])).toBe("1003");
  });

  it("gives null when no order came up, or only an unresolved reference", () => {
    expect(orderOfCase(null, [])).toBeNull();
    expect(orderOfCase(null, [turn([], { orderNumber: "the other order (to be listed)" })])).toBeNull();
  });
});
