import type { Customer, Identity } from "../customers.types";

/**
 * Where a one-time code may go: an email or phone that was on the record before this conversation
 * began and that the record did not merely pick up from a claim — it came with the record (staff,
 * an import, the first contact) or was itself proven. A code never goes to an address the contact
 * just typed, nor to one a stranger attached earlier by claiming it beside the customer's number.
 * The contact's own phone on file comes first (a code to it confirms that phone for later texts),
 * then the email it presented, then any phone, then any email.
 */
export function codeDestination(input: {
  customer: Pick<Customer, "createdAt" | "identities">;
  presented: readonly Identity[];
  /** When this conversation began: identities added since are not on file yet. */
  conversationStartedAt: Date;
}): Identity | undefined {
  const { customer, conversationStartedAt } = input;
  const cameWithRecord = (identity: Identity) => identity.createdAt.getTime() <= customer.createdAt.getTime() + 1_000;
  const proven = (identity: Identity) =>
    identity.verifiedAt !== null && identity.verifiedMethod !== null && identity.verifiedMethod !== "order_postcode";
  const onFile = customer.identities.filter(
    (identity) =>
      (identity.kind === "email" || identity.kind === "phone") &&
      identity.createdAt < conversationStartedAt &&
      (cameWithRecord(identity) || proven(identity)),
  );
  const presentedIds = new Set(input.presented.map((identity) => identity.id));
  const pick = (kind: "email" | "phone", presentedOnly: boolean) =>
    onFile.find((identity) => identity.kind === kind && (!presentedOnly || presentedIds.has(identity.id)));
  return pick("phone", true) ?? pick("email", true) ?? pick("phone", false) ?? pick("email", false);
}
