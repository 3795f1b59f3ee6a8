import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { demoStores } from "../../src/demo/demo-retail";
import type { Services } from "../../src/services";
import { createWorkspace, uniqueEmail } from "../helpers";

/** Values the matrix substitutes for {placeholders} in paths, queries and bodies. */
export type Fixture = Record<string, string>;

async function call(
  app: FastifyInstance,
  key: string,
  method: string,
  url: string,
  payload?: unknown,
  expect?: number,
) {
  const response = await app.inject({
    method: method as "POST",
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${key}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  if (expect ? response.statusCode !== expect : response.statusCode >= 300)
    throw new Error(`fixture ${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

/**
 * One workspace with one of everything a route can point at, created through the API. `tag`
 * makes its natural keys (order number, store code, SKU…) its own, so a lookup by another
 * workspace's key can only succeed by crossing tenants.
 */
export async function buildFixture(
  app: FastifyInstance,
  services: Services,
  tag: string,
): Promise<Fixture & { adminKey: string }> {
  const ws = await createWorkspace(services, `Matrix ${tag}`);
  const admin = ws.adminKey;
  const api = (method: string, url: string, payload?: unknown, expect?: number) =>
    call(app, admin, method, url, payload, expect);
  const email = uniqueEmail(`matrix-${tag.toLowerCase()}`);
  const first = await api("POST", "/customers", {
    displayName: `Tenant ${tag} Customer`,
    identities: [{ kind: "email", value: email }],
  });
  const second = await api("POST", "/customers", {
    displayName: `Tenant ${tag} Second`,
    identities: [{ kind: "device", value: `dev-${tag}-${randomBytes(4).toString("hex")}` }],
  });
  const third = await api("POST", "/customers", {
    displayName: `Tenant ${tag} Third`,
    identities: [{ kind: "device", value: `dev-${tag}-${randomBytes(4).toString("hex")}` }],
  });
  // A merge in the history, for the route that reverts one.
  const [kept, folded] = await Promise.all(
    ["kept", "folded"].map((name) =>
      api("POST", "/customers", { identities: [{ kind: "device", value: `dev-${tag}-${name}-${randomBytes(4).toString("hex")}` }] }),
    ),
  );
  const merged = await api("POST", "/customers/merge", { survivorId: kept.id, mergedId: folded.id, reason: "matrix fixture" });
  // Claiming the first customer's email for the second opens a merge proposal.
  const claim = await api("POST", `/customers/${second.id}/identities`, { kind: "email", value: email }, 409);
  // An outbound webhook endpoint subscribed before the first message, so a delivery exists too.
  const hook = await api("POST", "/webhooks/endpoints", {
    url: `https://hooks.example.com/matrix-${tag.toLowerCase()}`,
    eventTypes: ["message.received"],
  });
  const inbound = await api("POST", "/inbound", {
    channel: "web_chat",
    identities: [{ kind: "email", value: email }],
    text: `Matrix ${tag} question`,
  });
  await services.webhooksOut.idle();
  const [delivery] = (await api("GET", "/webhooks/deliveries")).deliveries as { id: string }[];
  if (!delivery) throw new Error("fixture: the inbound message produced no webhook delivery");
  // Shopify webhooks are accepted only once a secret is set; then an unsigned one is refused.
  await api("PUT", "/connectors/shopify-webhook-secret", { secret: randomBytes(24).toString("hex") });
  const store = { ...demoStores(new Date())[0], code: `${tag}-STORE`, name: `Store ${tag}` };
  const sku = `SKU-${tag}-10`;
  await api("POST", "/imports/stores?strict=true", { records: [store] });
  await api("POST", "/imports/products?strict=true", {
    records: [
      {
        id: `P-${tag}`,
        title: `Product ${tag}`,
        category: "shoes",
        brand: "Matrix",
        description: "A product only this workspace sells",
        variants: [{ sku, options: { size: "10" }, price: 10, available: true }],
      },
    ],
  });
  await api("POST", "/imports/inventory?strict=true", {
    records: [{ sku, location: store.code, quantity: 3 }],
  });
  const number = `${tag}-9001`;
  await api("POST", "/imports/orders?strict=true", {
    records: [
      {
        number,
        status: "processing",
        placedAt: new Date().toISOString(),
        customer: { email, name: `Tenant ${tag} Customer` },
        lines: [
          { id: "1", sku, title: `Product ${tag}`, unitPrice: 10, quantity: 1, options: { size: "10" } },
        ],
      },
    ],
  });
  const slug = `matrix-${tag.toLowerCase()}-${randomBytes(3).toString("hex")}`;
  const entry = await api("POST", "/knowledge/entries", {
    kind: "policy",
    slug,
    policyType: "returns",
    title: `Returns ${tag}`,
    body: "Items can be returned within 30 days.",
  });
  // Both workspaces expect signed webhooks, so an unsigned one is refused the same way for each.
  await api("POST", "/connectors/webhook-secret");
  const spare = await api("POST", "/api-keys", { name: "spare", role: "agent" });
  const queue = await api("POST", "/queues", { name: `Queue ${tag}`, skills: ["returns"] });
  const staff = await api("POST", "/users", {
    email: `matrix-staff-${tag.toLowerCase()}-${randomBytes(3).toString("hex")}@example.com`,
    name: `Staff ${tag}`,
    role: "agent",
    password: randomBytes(12).toString("base64url"),
  });
  const identityId = (first.identities as { id: string }[])[0]?.id ?? "";
  return {
    adminKey: admin,
    workspaceId: ws.workspaceId,
    customerId: first.id,
    secondCustomerId: second.id,
    thirdCustomerId: third.id,
    mergeId: merged.id,
    identityId,
    caseId: inbound.case.id,
    proposalId: claim.error.details.mergeProposalId,
    keyId: spare.id,
    queueId: queue.id,
    userId: staff.id,
    entryId: entry.id ?? entry.entry?.id,
    slug,
    version: "1",
    policyType: "returns",
    name: "stores.hours",
    number,
    code: store.code,
    productId: `P-${tag}`,
    sku,
    kind: "stores",
    email,
    webhookEndpointId: hook.id,
    webhookDeliveryId: delivery.id,
  };
}
