import type { Clock } from "../core/clock";
import {
  codeDestination,
  maskIdentity,
  orderSubject,
  type CodeCheckOutcome,
  type Customer,
  type CustomersService,
  type FailureSubject,
  type Identity,
  type OneTimeCodes,
  type VerificationLimits,
  type VerificationMethod,
} from "../customers";
import type { TimelineService } from "../timeline";
import type { DialogueState, OrderProofOutcome, OrderVerifier } from "./dialogue/dialogue.types";
import { restoreHeldContext } from "./lib/restore-held-context";

/**
 * The contact a proof is being given by, and the case it is given in. Linking a guest to the
 * order's customer changes both, so the rest of the turn runs as the linked customer in the case
 * the conversation continues in.
 */
export type ProvingContact = {
  customer: Customer;
  presented: Identity[];
  state: DialogueState;
  caseId: string;
  caseCreatedAt: Date;
  channel: string;
};

export type ContactProofDeps = {
  clock: Clock;
  customers: CustomersService;
  timeline: TimelineService;
  verifier?: () => OrderVerifier | undefined;
  codes?: OneTimeCodes;
  limits?: VerificationLimits;
};

export type CodeRequestOutcome =
  | { status: "sent"; maskedTo: string }
  | { status: "too_many_sends" }
  | { status: "no_destination" };

export type ContactProof = ReturnType<typeof createContactProof>;

/** Proof a contact gives inside a conversation: order number + postal code, or a one-time code. */
export function createContactProof(deps: ContactProofDeps) {
  const { clock } = deps;
  const identitySubjects = (contact: ProvingContact): FailureSubject[] =>
    contact.presented.map((identity) => ({ kind: "identity", value: identity.id }));

  /**
   * Records proof this contact gave: on the identities whose possession it shows (its session;
   * the email or phone a one-time code went to) for the trust window, and on the case, bound to
   * the sessions. Without such an identity the proof covers this message only.
   */
  async function proveContact(contact: ProvingContact, method: VerificationMethod, provenIds: string[] = []): Promise<void> {
    const { customer, presented, state } = contact;
    const sessions = presented.filter((identity) => identity.kind === "device");
    const held = [...sessions.map((identity) => identity.id), ...provenIds.filter((id) => !sessions.some((s) => s.id === id))];
    let record = customer;
    for (const identityId of held) {
      record = await deps.customers.verifyIdentity(customer.workspaceId, customer.id, identityId, method, "ai");
    }
    const proof = record.verification.identities.find((p) => held.includes(p.identityId));
    const at = proof?.verifiedAt ?? clock.now();
    if (held.length === 0) {
      // Identity proof is on the timeline already (verifyIdentity); proof for one message goes there too.
      await deps.timeline.append({
        workspaceId: customer.workspaceId,
        customerId: customer.id,
        caseId: contact.caseId,
        channel: contact.channel,
        kind: "customer.verified",
        summary: `Message verified by ${method.replace(/_/g, " ")} (no session to keep it)`,
        data: { method, actor: "ai", scope: "message" },
        occurredAt: at,
      });
    }
    contact.customer = record;
    state.proof = {
      method,
      at: at.toISOString(),
      until: (proof?.trustedUntil ?? at).toISOString(),
      identityIds: sessions.map((identity) => identity.id),
    };
    restoreHeldContext(state);
  }

  /** The contact's customer is now another record (linked, or merged meanwhile): continue as it. */
  async function becomeCustomer(contact: ProvingContact, customerId: string, caseId: string): Promise<void> {
    const presentedIds = new Set(contact.presented.map((identity) => identity.id));
    const customer = await deps.customers.get(contact.customer.workspaceId, customerId);
    contact.customer = customer;
    contact.presented = customer.identities.filter((identity) => presentedIds.has(identity.id));
    contact.caseId = caseId;
  }

  return {
    proveContact,

    /**
     * Order number + postal code given in this conversation. A match proves this contact (its
     * session, never the order's email) and links a guest to the order's customer. Failures count
     * per identity and per order, persisted, and a limited subject is refused before any check,
     * so a right guess after the limit teaches nothing.
     */
    async verifyByOrder(contact: ProvingContact, orderNumber: string, postcode: string): Promise<OrderProofOutcome> {
      const verifier = deps.verifier?.();
      if (!verifier) return "mismatch";
      const workspaceId = contact.customer.workspaceId;
      const subjects = [orderSubject(orderNumber), ...identitySubjects(contact)];
      if (await deps.limits?.limited(workspaceId, subjects)) return "limited";
      const owner = await verifier.verifyOrderPostcode(workspaceId, orderNumber, postcode);
      if (!owner) {
        await deps.limits?.recordFailure(workspaceId, subjects);
        return "mismatch";
      }
      const link = await deps.customers.linkToOrderOwner({
        workspaceId,
        customerId: contact.customer.id,
        caseId: contact.caseId,
        orderNumber,
        owner,
        channel: contact.channel,
      });
      if (link.status === "proposed" || link.status === "no_owner") return "needs_staff";
      await deps.limits?.clear(workspaceId, subjects);
      if (link.status === "linked") await becomeCustomer(contact, link.customerId, link.caseId);
      else if (link.customerId !== contact.customer.id) await becomeCustomer(contact, link.customerId, contact.caseId);
      await proveContact(contact, "order_postcode");
      return "verified";
    },

    /** Where a code could go for this contact, as a reply may name it; null when nowhere. */
    codeTarget(contact: ProvingContact): { medium: "email" | "sms"; maskedTo: string } | null {
      if (!deps.codes) return null;
      const destination = codeDestination({
        customer: contact.customer,
        presented: contact.presented,
        conversationStartedAt: contact.caseCreatedAt,
      });
      if (!destination) return null;
      return { medium: destination.kind === "email" ? "email" : "sms", maskedTo: maskIdentity(destination) };
    },

    async sendCode(contact: ProvingContact): Promise<CodeRequestOutcome> {
      const destination = deps.codes
        ? codeDestination({ customer: contact.customer, presented: contact.presented, conversationStartedAt: contact.caseCreatedAt })
        : undefined;
      if (!deps.codes || !destination) return { status: "no_destination" };
      const sent = await deps.codes.send({
        workspaceId: contact.customer.workspaceId,
        customerId: contact.customer.id,
        caseId: contact.caseId,
        destination,
      });
      if (sent.status !== "sent") return sent;
      await deps.timeline.append({
        workspaceId: contact.customer.workspaceId,
        customerId: contact.customer.id,
        caseId: contact.caseId,
        channel: contact.channel,
        kind: "verification.code_sent",
        refId: sent.codeId,
        summary: `One-time code sent by ${sent.medium}`,
        data: { medium: sent.medium, identityId: sent.identityId },
        occurredAt: clock.now(),
      });
      return { status: "sent", maskedTo: sent.maskedTo };
    },

    /** A correct code proves the contact and confirms the email or phone it went to. */
    async checkCode(contact: ProvingContact, code: string): Promise<CodeCheckOutcome> {
      if (!deps.codes) return { status: "none" };
      const checked = await deps.codes.check({
        workspaceId: contact.customer.workspaceId,
        customerId: contact.customer.id,
        caseId: contact.caseId,
        code,
      });
      if (checked.status === "valid") await proveContact(contact, "one_time_code", [checked.identityId]);
      return checked;
    },
  };
}
