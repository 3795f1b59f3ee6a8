import { randomBytes } from "node:crypto";
import type { Customer } from "../customers";
import type { Services } from "../services";
import { DEMO_CONTACTS, DEMO_CUSTOMERS } from "./demo-customers";
import { demoKnowledgeSeeder } from "./demo-knowledge";
import { demoRetailSeeder } from "./demo-retail";

export const DEMO_WORKSPACE_SLUG = "demo";

export type DemoContext = {
  services: Services;
  workspaceId: string;
  customers: Record<string, Customer>;
  now: Date;
};

/**
 * Each capability contributes its part of the demo data here, in dependency order
 * (customers first, then retail data, knowledge, …).
 */
export type DemoSeeder = { name: string; seed(context: DemoContext): Promise<void> };

const seeders: DemoSeeder[] = [demoRetailSeeder, demoKnowledgeSeeder];

export function registerDemoSeeder(seeder: DemoSeeder): void {
  if (!seeders.some((existing) => existing.name === seeder.name)) seeders.push(seeder);
}

export type DemoCredentials = {
  workspace: string;
  adminEmail: string;
  adminPassword: string;
  apiKey: string;
  /** The demo agent (and the supervisor and executive, who share the password) for the workspace at /app. */
  agentEmail: string;
  agentPassword: string;
};

export type DemoResult = {
  workspaceId: string;
  workspaceSlug: string;
  created: boolean;
  credentials?: DemoCredentials;
  bootstrapKey?: "created" | "existing" | "revoked";
};

/** Creates the demo workspace on first start; later starts only ensure the bootstrap key. */
export async function ensureDemoWorkspace(
  services: Services,
  options: { bootstrapApiKey?: string; slug?: string } = {},
): Promise<DemoResult> {
  const slug = options.slug ?? DEMO_WORKSPACE_SLUG;
  let workspace = await services.workspaces.findBySlug(slug);
  let credentials: DemoCredentials | undefined;
  if (!workspace) {
    workspace = await services.workspaces.create({
      slug,
      name: "Northwind Outfitters (demo)",
      settings: { timezone: "America/New_York", defaultRegion: "US" },
    });
    credentials = await seedDemo(services, workspace.id, slug);
  }
  const bootstrapKey = options.bootstrapApiKey
    ? await services.auth.ensureApiKey(workspace.id, options.bootstrapApiKey, "bootstrap", "admin")
    : undefined;
  return {
    workspaceId: workspace.id,
    workspaceSlug: slug,
    created: Boolean(credentials),
    credentials,
    bootstrapKey,
  };
}

async function seedDemo(services: Services, workspaceId: string, slug: string): Promise<DemoCredentials> {
  // Generated, never defaulted: every installation gets its own secrets.
  const adminPassword = randomBytes(12).toString("base64url");
  const adminEmail = "admin@northwind.example";
  await services.auth.createUser(workspaceId, {
    email: adminEmail,
    name: "Avery Admin",
    role: "admin",
    password: adminPassword,
  });
  const staffPassword = randomBytes(12).toString("base64url");
  for (const [email, name, role] of [
    ["sam.agent@northwind.example", "Sam Rivera", "agent"],
    ["lee.lead@northwind.example", "Lee Park", "supervisor"],
    ["dana.vp@northwind.example", "Dana Brooks", "executive"],
  ] as const) {
    await services.auth.createUser(workspaceId, { email, name, role, password: staffPassword });
  }
  const { key } = await services.auth.createApiKey(workspaceId, { name: "demo integration", role: "admin" });

  const now = services.clock.now();
  const customers: Record<string, Customer> = {};
  for (const demo of DEMO_CUSTOMERS) {
    let customer = await services.customers.create(workspaceId, {
      displayName: demo.displayName,
      tier: demo.tier,
      locale: demo.locale,
      identities: demo.identities,
    });
    // Signed in on the retailer's site: the session is proven, her email stays a claim anyone can type.
    const session = customer.identities.find((identity) => identity.kind === "device");
    if (demo.verified && session) {
      customer = await services.customers.verifyIdentity(
        workspaceId,
        customer.id,
        session.id,
        "signed_token",
        "demo",
      );
    }
    customers[demo.key] = customer;
  }
  for (const contact of DEMO_CONTACTS) {
    const customer = customers[contact.customer];
    const identity = customer?.identities.find((i) => i.kind === "email");
    if (!customer || !identity) continue;
    await services.ingest.ingest({
      workspaceId,
      channel: contact.channel,
      identities: [{ kind: identity.kind, value: identity.value }],
      text: contact.text,
      orderRef: contact.orderRef,
      topic: contact.topic,
      occurredAt: new Date(now.getTime() - contact.hoursAgo * 3_600_000),
    });
  }
  for (const seeder of seeders) await seeder.seed({ services, workspaceId, customers, now });
  return {
    workspace: slug,
    adminEmail,
    adminPassword,
    apiKey: key,
    agentEmail: "sam.agent@northwind.example",
    agentPassword: staffPassword,
  };
}
