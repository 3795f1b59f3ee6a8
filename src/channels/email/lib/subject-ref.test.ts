import { describe, expect, it } from "vitest";
import { findSubjectRefs, formatSubjectRef, replySubject } from "./subject-ref";

describe("subject case codes", () => {
  it("finds codes whatever their case and wherever they sit", () => {
    expect(findSubjectRefs("RE: Late parcel [#TL-7k2m9qxd]")).toEqual(["7K2M9QXD"]);
    expect(findSubjectRefs("[#TL-ABCD1234] and [#TL-ABCD1234]")).toEqual(["ABCD1234"]);
  });
  it("ignores look-alikes", () => {
    expect(findSubjectRefs("#TL-ABCD1234")).toEqual([]);
    expect(findSubjectRefs("[#TL-AB]")).toEqual([]);
    expect(findSubjectRefs("[TL-ABCD1234]")).toEqual([]);
    expect(findSubjectRefs("")).toEqual([]);
  });
  it("builds one Re: and one code", () => {
    expect(formatSubjectRef("abcd1234")).toBe("[#TL-ABCD1234]");
    expect(replySubject("RE: AW: Where is my order? [#TL-ABCD1234]", "ABCD1234")).toBe(
      "Re: Where is my order? [#TL-ABCD1234]",
    );
    expect(replySubject("", "ABCD1234")).toBe("Re: Your request [#TL-ABCD1234]");
    expect(replySubject(null, "ABCD1234")).toBe("Re: Your request [#TL-ABCD1234]");
  });
});
