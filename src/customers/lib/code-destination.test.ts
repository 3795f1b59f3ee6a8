import { describe, expect, it } from "vitest";
import type { Identity } from "../customers.types";
import { codeDestination } from "./code-destination";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 15, 12, minute));
const identity = (id: string, kind: Identity["kind"], created: number, verifiedMethod: string | null = null): Identity => ({
  id,
  kind,
  system: "",
  value: `${kind}-${id}`,
  verificationLevel: verifiedMethod ? "verified" : "recognised",
  verifiedAt: verifiedMethod ? at(created) : null,
  verifiedMethod,
  createdAt: at(created),
});

const customer = (identities: Identity[]) => ({ createdAt: at(0), identities });

describe("codeDestination", () => {
  const email = identity("e", "email", 0);
  const phone = identity("p", "phone", 0);

  it("prefers the phone the contact writes from, then the email it presented, then anything on file", () => {
    const record = customer([email, phone]);
    const start = at(30);
    expect(codeDestination({ customer: record, presented: [phone], conversationStartedAt: start })?.id).toBe("p");
    expect(codeDestination({ customer: record, presented: [email], conversationStartedAt: start })?.id).toBe("e");
    expect(codeDestination({ customer: record, presented: [], conversationStartedAt: start })?.id).toBe("p");
    expect(codeDestination({ customer: customer([email]), presented: [], conversationStartedAt: start })?.id).toBe("e");
  });

  it("never sends to an address added in this conversation", () => {
    const typed = identity("t", "phone", 30);
    expect(codeDestination({ customer: customer([typed]), presented: [typed], conversationStartedAt: at(30) })).toBeUndefined();
    expect(codeDestination({ customer: customer([email, typed]), presented: [typed], conversationStartedAt: at(30) })?.id).toBe("e");
  });

  it("never sends to an address a claim attached to the record later, unless it was itself proven", () => {
    const claimed = identity("c", "phone", 10);
    expect(codeDestination({ customer: customer([claimed]), presented: [claimed], conversationStartedAt: at(30) })).toBeUndefined();
    const byOrder = identity("o", "phone", 10, "order_postcode");
    expect(codeDestination({ customer: customer([byOrder]), presented: [byOrder], conversationStartedAt: at(30) })).toBeUndefined();
    const byStaff = identity("s", "phone", 10, "staff");
    expect(codeDestination({ customer: customer([byStaff]), presented: [byStaff], conversationStartedAt: at(30) })?.id).toBe("s");
  });

  it("sends nothing where only sessions and loyalty ids are on file", () => {
    const record = customer([identity("d", "device", 0), identity("l", "loyalty", 0)]);
    expect(codeDestination({ customer: record, presented: record.identities, conversationStartedAt: at(30) })).toBeUndefined();
  });
});
