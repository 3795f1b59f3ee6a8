import type { AgentService } from "../../agent";
import type { StaffUser } from "../../auth";
import type { CasesService } from "../../cases";
import type { Clock } from "../../core/clock";
import type { EventBus } from "../../core/events";
import type { Logger } from "../../core/logger";
import type { CustomersService } from "../../customers";
import type { Db } from "../../db/client";
import type { WorkspacesService } from "../../workspaces";
import type { Ingest } from "../ingest";
import type { EmailSettings } from "./email.config";
import { createEmailInbound } from "./email-inbound.service";
import { createEmailOutbound } from "./email-outbound.service";
import { emailRepository } from "./email.repository";
import type { MailSender } from "./mail-sender";
import { startSmtpListener, type SmtpListener } from "./smtp-listener";

export type EmailChannel = ReturnType<typeof createEmailChannel>;

/** The email channel: inbound over SMTP, outbound through the relay queue. Nothing listens until `start`. */
export function createEmailChannel(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  settings: EmailSettings;
  workspaces: Pick<WorkspacesService, "findBySlug" | "get">;
  cases: CasesService;
  customers: CustomersService;
  staff: { listUsers(workspaceId: string): Promise<StaffUser[]> };
  agent: Pick<AgentService, "handleInbound">;
  ingest: Ingest;
}) {
  const outbound = createEmailOutbound(deps);
  const inbound = createEmailInbound({ ...deps, outbound });
  let listener: SmtpListener | null = null;

  return {
    settings: deps.settings,
    inbound,
    outbound,
    attachmentsOfCase: (workspaceId: string, caseId: string) =>
      emailRepository(deps.db).attachmentsOfCase(workspaceId, caseId),
    /** Listens for mail (when `listen` is given) and starts the relay worker (when `sender` is given). */
    async start(options: {
      sender?: MailSender;
      logger?: Logger;
      listen?: { host: string; port: number };
      deliveryIntervalMs?: number;
    }): Promise<{ smtpPort: number | null }> {
      if (options.listen && !listener) {
        listener = await startSmtpListener({
          inbound,
          settings: deps.settings,
          ...options.listen,
          logger: options.logger,
        });
      }
      if (options.sender) {
        outbound.start({
          sender: options.sender,
          logger: options.logger,
          intervalMs: options.deliveryIntervalMs,
        });
      }
      return { smtpPort: listener?.port ?? null };
    },
    async stop(): Promise<void> {
      const current = listener;
      listener = null;
      await current?.close();
      await outbound.stop();
    },
  };
}
