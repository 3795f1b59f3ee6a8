import { describe, expect, it } from "vitest";
import { readConfirmation } from "./read-confirmation";

describe("readConfirmation", () => {
  it("confirms only on a clear yes", () => {
    expect(readConfirmation("yes")).toBe("yes");
    expect(readConfirmation("Yes please, go ahead")).toBe("yes");
    expect(readConfirmation("ok")).toBe("yes");
    expect(readConfirmation("I confirm")).toBe("yes");
  });
  it("reads a refusal or hesitation as no", () => {
    expect(readConfirmation("no")).toBe("no");
    expect(readConfirmation("wait, don't do that")).toBe("no");
    expect(readConfirmation("yes... no, hold on")).toBe("no");
  });
  it("treats empty and unrelated text as unclear", () => {
    expect(readConfirmation("")).toBe("unclear");
    expect(readConfirmation("!!!")).toBe("unclear");
    expect(readConfirmation("what are your store hours")).toBe("unclear");
    expect(readConfirmation("yesterday it was late")).toBe("unclear");
  });
});
