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
  it.each(["Yes, go ahead", "yep do it", "sure", "please do", "yeah go for it", "ok sounds good", "Yes go ahead, no rush", "of course", "that's fine"])(
    "reads %j as yes",
    (text) => expect(readConfirmation(text)).toBe("yes"),
  );
  it.each(["no thanks", "nah", "No, leave it", "not now", "yes but don't cancel the other one", "hmm actually never mind"])(
    "reads %j as no",
    (text) => expect(readConfirmation(text)).toBe("no"),
  );
  it("treats empty and unrelated text as unclear", () => {
    expect(readConfirmation("")).toBe("unclear");
    expect(readConfirmation("!!!")).toBe("unclear");
    expect(readConfirmation("what are your store hours")).toBe("unclear");
    expect(readConfirmation("yesterday it was late")).toBe("unclear");
    expect(readConfirmation("please tell me when the store opens")).toBe("unclear");
  });
});
