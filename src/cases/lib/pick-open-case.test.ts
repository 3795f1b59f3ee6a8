import { describe, expect, it } from "vitest";
import { pickOpenCase } from "./pick-open-case";

const c = (id: string, orderRef: string | null, topic: string | null) => ({ id, orderRef, topic });

describe("pickOpenCase", () => {
  it("opens nothing when there is no open case", () => {
    expect(pickOpenCase([], { orderRef: "1042" })).toBeUndefined();
  });

  it("continues the case about the same order even when another is more recent", () => {
    const open = [c("b", "2001", "order"), c("a", "1042", "order")];
    expect(pickOpenCase(open, { orderRef: "1042" })?.id).toBe("a");
  });

  it("treats a different order as a different issue", () => {
    expect(pickOpenCase([c("a", "1042", "order")], { orderRef: "2001", topic: "order" })).toBeUndefined();
  });

  it("adopts a case that has no order yet when the topic agrees", () => {
    expect(pickOpenCase([c("a", null, "order")], { orderRef: "1042", topic: "order" })?.id).toBe("a");
    expect(pickOpenCase([c("a", null, "store")], { orderRef: "1042", topic: "order" })).toBeUndefined();
  });

  it("matches on topic without an order, falling back to an untopical case", () => {
    const open = [c("b", null, "store"), c("a", "1042", "order")];
    expect(pickOpenCase(open, { topic: "order" })?.id).toBe("a");
    expect(pickOpenCase([c("x", null, null)], { topic: "order" })?.id).toBe("x");
    expect(pickOpenCase([c("b", null, "store")], { topic: "order" })).toBeUndefined();
  });

  it("continues the most recent case when the contact names neither order nor topic", () => {
    expect(pickOpenCase([c("b", null, "store"), c("a", "1042", "order")], {})?.id).toBe("b");
  });
});
