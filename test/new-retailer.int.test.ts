import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client";
import { startWebhookReceiver } from "../src/webhooks-out/test-support/webhook-receiver";
import { findPersonalData } from "./personal-data-scan";
import { runThroughline, startThroughline, stopThroughline, throughlineEnv } from "./throughline-process";

/**
 * The path a retailer's engineer walks on a fresh installation without the demo: their own
 * workspace from the CLI, their catalogue, stores, stock and Shopify orders, a return policy, a
 * shopper's conversation, a cancel that reaches their order system as a signed event, a routine
 * re-import that keeps the cancel, and an erasure request honoured everywhere.
 */
const fixtures = path.resolve(import.meta.dirname, "../src/connectors/fixtures");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-new-retailer-"));
const env = throughlineEnv(dataDir, { SEED_DEMO: "false", OUTBOX_POLL_MS: "200" });
const running: ChildProcess[] = [];
const slug = `shop-${randomBytes(3).toString("hex")}`;

const SHOPPER = { name: "Jane Whitfield", email: "jane@example.com", phone: "+15025550199", postalCode: "40205" };

afterAll(async () => {
  for (const child of running) await stopThroughline(child, "SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("a new retailer on a fresh installation", () => {
  it("creates a workspace, imports, converses, cancels with a signed event, re-imports and erases", { timeout: 300_000 }, async () => {
    // 1. The workspace, from the CLI, before any server runs.
    const created = await runThroughline(
      ["workspace", "create", slug, "--name", "Acme Outdoor", "--admin-email", "ops@acme.example", "--json"],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const { apiKey, admin } = JSON.parse(created.stdout) as { apiKey: string; admin: { email: string; password: string } };
    expect(admin.password.length).toBeGreaterThanOrEqual(12);

    // 2. Catalogue, stores, stock and the Shopify export, from the CLI; the export's broken order is reported.
    for (const [kind, file] of [
      ["products", "products.json"],
      ["stores", "stores.csv"],
      ["inventory", "inventory.csv"],
      ["shopify-orders", "shopify-orders.json"],
    ] as const) {
      const result = await runThroughline(["import", kind, path.join(fixtures, file), "--workspace", slug, "--json"], env);
      expect(result.code, `${kind}: ${result.stderr}`).toBe(0);
      expect(JSON.parse(result.stdout).valid, kind).toBeGreaterThan(0);
    }

    // 3. The server, without the demo; the new workspace's key works, and sign-in with the printed password does.
    const server = await startThroughline(env, running);
    expect(server.output()).not.toContain("Demo workspace");
    const call = async (method: string, url: string, body?: unknown) => {
      const response = await fetch(`${server.url}/api/v1${url}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    };
    expect((await call("GET", "/workspace")).body).toMatchObject({ slug, name: "Acme Outdoor" });
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: admin.email, password: admin.password, workspace: slug }),
    });
    expect(login.status).toBe(200);

    // 4. The retailer's order system listens for order events.
    let answer = 500;
    const receiver = await startWebhookReceiver(() => answer);
    try {
      const endpoint = await call("POST", "/webhooks/endpoints", {
        url: receiver.url,
        eventTypes: ["order.action_requested", "order.action_performed"],
      });
      expect(endpoint.status).toBe(201);
      receiver.useSecret(endpoint.body.secret);

      // 5. A return policy, published.
      const policy = await call("POST", "/knowledge/entries", {
        kind: "policy",
        slug: "return-policy",
        policyType: "returns",
        title: "Return policy",
        body: "# Return policy\n\nReturn unused items within 45 days of delivery for a full refund.",
        params: { windowDays: 45 },
        publish: true,
      });
      expect(policy.status).toBe(201);

      // 6. The shopper talks to the agent through the REST channel.
      const sender = [
        { kind: "email", value: SHOPPER.email },
        { kind: "phone", value: SHOPPER.phone },
      ];
      const asked = await call("POST", "/channels/rest/messages", {
        sender,
        displayName: SHOPPER.name,
        text: `Hi, I'm ${SHOPPER.name}, postcode ${SHOPPER.postalCode}. What is your return policy?`,
      });
      expect(asked.status, JSON.stringify(asked.body)).toBe(201);
      expect(asked.body.replies.map((r: { text: string }) => r.text).join(" ")).toContain("45 days");
      const customerId = asked.body.customerId as string;

      // 7. Staff verify the shopper and cancel order 1002; the order system gets a signed event, retried under one id.
      const customer = await call("GET", `/customers/${customerId}`);
      const email = customer.body.identities.find((i: { kind: string }) => i.kind === "email");
      expect((await call("POST", `/customers/${customerId}/identities/${email.id}/verify`, {})).status).toBe(200);
      const cancelled = await call("POST", "/tools/order.cancel", {
        input: { orderNumber: "1002", reason: "ordered the wrong size" },
        customerId,
        requestId: "cancel-1002",
      });
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      await waitFor(() => receiver.received.length >= 1, 20_000);
      answer = 200;
      await waitFor(() => receiver.received.length >= 2, 60_000);
      const [first, retry] = receiver.received;
      expect(first?.verified && retry?.verified).toBe(true);
      expect(retry?.id).toBe(first?.id);
      expect(first?.body.type).toMatch(/^order\.action_/);
      expect(JSON.stringify(first?.body.data)).toContain("1002");

      // 8. The routine re-import of the same export does not undo the cancel.
      const exported = JSON.parse(fs.readFileSync(path.join(fixtures, "shopify-orders.json"), "utf8")) as { orders: unknown[] };
      const reimport = await call("POST", "/imports/shopify-orders", { records: exported.orders });
      expect(reimport.status).toBe(200);
      expect(JSON.stringify(reimport.body.conflicts)).toContain("1002");
      expect(JSON.stringify((await call("GET", "/orders/1002")).body)).toContain('"cancelled"');

      // 9. Erasure.
      const erased = await call("POST", `/customers/${customerId}/erasure`);
      expect(erased.status, JSON.stringify(erased.body)).toBe(201);
    } finally {
      await receiver.close();
    }

    // 10. Nothing of the shopper is left in any table.
    await stopThroughline(server.child, "SIGTERM");
    const database = await openDatabase({ url: env.DATABASE_URL, dataDir: path.join(dataDir) });
    try {
      const [workspace] = await database.query<{ id: string }>("SELECT id FROM workspaces WHERE slug = $1", [slug]);
      const hits = await findPersonalData(
        database,
        [SHOPPER.name, SHOPPER.email, SHOPPER.phone, SHOPPER.phone.slice(2), SHOPPER.postalCode],
        workspace?.id,
      );
      expect(hits).toEqual([]);
    } finally {
      await database.close();
    }
  });
});

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
