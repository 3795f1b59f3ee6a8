import type { Clock } from "../core/clock";
import type { EventBus } from "../core/events";
import type { Db } from "../db/client";
import { withRetry } from "../db/with-retry";
import type { Case, CasesService, Message } from "../cases";
import {
  contactVerification,
  type ContactVerification,
  type Customer,
  type CustomersService,
  type Identity,
  type IdentityClaim,
  type MergeProposal,
} from "../customers";
import type { WorkspaceSettingsReader } from "../workspaces";

/** What every channel adapter turns its protocol traffic into. */
export type InboundContact = {
  workspaceId: string;
  /** web_chat, mobile, email, sms, whatsapp, voice, store, rest… */
  channel: string;
  identities: IdentityClaim[];
  displayName?: string | null;
  text: string;
  /** The channel's own message id; redelivery with the same id is not stored twice. */
  externalId?: string | null;
  orderRef?: string | null;
  topic?: string | null;
  intent?: string | null;
  subject?: string | null;
  /** A channel that knows the case (an email reply in a thread) names it. */
  caseId?: string | null;
  metadata?: Record<string, unknown>;
  occurredAt?: Date;
};

export type IngestResult = {
  customer: Customer;
  /** The customer's identities this contact presented. */
  presented: Identity[];
  /** What this contact has proven (not the record): claims alone are never "verified". */
  contact: ContactVerification;
  customerCreated: boolean;
  case: Case;
  caseCreated: boolean;
  message: Message;
  duplicate: boolean;
  mergeProposals: MergeProposal[];
};

export type Ingest = ReturnType<typeof createIngest>;

/**
 * The one inbound pipeline entry for every channel: resolve the customer, find or open the
 * case, append the message — atomically, so a crash never leaves a message without its case.
 */
export function createIngest(deps: {
  db: Db;
  customers: CustomersService;
  cases: CasesService;
  settings: WorkspaceSettingsReader;
  events: EventBus;
  clock: Clock;
}) {
  const verificationOf = (customer: Customer, presented: Identity[]) =>
    contactVerification({ presented, proofs: customer.verification.identities, now: deps.clock.now() });

  /** A message stored before, as the pipeline sees it now: read back, nothing written. */
  async function stored(workspaceId: string, earlier: Message, identities: IdentityClaim[]): Promise<IngestResult> {
    const [customer, found] = await Promise.all([
      deps.customers.get(workspaceId, earlier.customerId),
      deps.cases.get(workspaceId, earlier.caseId),
    ]);
    const presented = await deps.customers.presentedIdentities(customer, identities);
    return {
      customer,
      presented,
      contact: verificationOf(customer, presented),
      customerCreated: false,
      case: found,
      caseCreated: false,
      message: earlier,
      duplicate: true,
      mergeProposals: [],
    };
  }

  return {
    /**
     * The pipeline's view of a message a channel stored itself a moment ago (the realtime
     * protocol stores before it acknowledges): the customer, case and proofs as they stand now,
     * read without a second insert attempt. Marked `duplicate` like any redelivery.
     */
    stored,

    async ingest(contact: InboundContact): Promise<IngestResult> {
      const at = contact.occurredAt ?? deps.clock.now();
      const settings = await deps.settings.get(contact.workspaceId);
      const result = await withRetry(() =>
        deps.db.transaction(async (tx) => {
          const resolved = await deps.customers.resolveContact(tx, {
            workspaceId: contact.workspaceId,
            claims: contact.identities,
            source: contact.channel,
            displayName: contact.displayName,
            at,
            settings,
          });
          const attached = await deps.cases.attachContact(tx, {
            workspaceId: contact.workspaceId,
            customerId: resolved.customer.id,
            channel: contact.channel,
            orderRef: contact.orderRef,
            topic: contact.topic,
            intent: contact.intent,
            subject: contact.subject,
            caseId: contact.caseId,
            recencyHours: settings.caseRecencyHours,
            at,
          });
          const appended = await deps.cases.appendMessage(tx, {
            workspaceId: contact.workspaceId,
            caseId: attached.case.id,
            customerId: resolved.customer.id,
            direction: "inbound",
            authorKind: "customer",
            channel: contact.channel,
            body: contact.text,
            metadata: contact.metadata,
            externalId: contact.externalId,
            at,
          });
          if (appended.duplicate) {
            // Roll back anything resolution created: the earlier delivery already did it.
            throw new DuplicateDelivery(appended.message);
          }
          return {
            customer: resolved.customer,
            presented: resolved.presented,
            contact: verificationOf(resolved.customer, resolved.presented),
            customerCreated: resolved.created,
            case: appended.case ?? attached.case,
            caseCreated: attached.created,
            message: appended.message,
            duplicate: false,
            mergeProposals: resolved.mergeProposals,
          };
        }),
      ).catch(async (error: unknown) => {
        if (!(error instanceof DuplicateDelivery)) throw error;
        return stored(contact.workspaceId, error.message_, contact.identities);
      });

      if (!result.duplicate) {
        const base = { workspaceId: contact.workspaceId, occurredAt: at };
        if (result.caseCreated)
          deps.events.emit({ ...base, name: "case.created", payload: { caseId: result.case.id } });
        deps.events.emit({
          ...base,
          name: "message.received",
          payload: { caseId: result.case.id, messageId: result.message.id, channel: contact.channel },
        });
      }
      return result;
    },
  };
}

class DuplicateDelivery extends Error {
  constructor(readonly message_: Message) {
    super("duplicate delivery");
  }
}
